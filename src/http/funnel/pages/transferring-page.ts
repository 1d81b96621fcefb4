import { html } from '../../html.ts';
import { bankName, type PageContext, sessionPath, stepPage, summaryLine, t } from './page-context.ts';

/**
 * While the bank has not given its final answer: a page that refreshes itself (no JavaScript needed)
 * through `/result`, which sends the payer on as soon as the payment has ended and back here until then.
 */
export function transferringPage(context: PageContext): string {
  const body = html`${summaryLine(context)}
<section class="card" aria-labelledby="transferring-title">
  <div class="bank-header">${bankName(context)}</div>
  <h1 id="transferring-title">${t(context, 'transferring_title')}</h1>
  <p role="status">${t(context, 'transferring_body')}</p>
  <a class="button" href="${sessionPath(context, 'result')}">${t(context, 'check_again')}</a>
</section>`;
  return stepPage(context, t(context, 'transferring_title'), body, {
    refreshSeconds: 2,
    refreshAction: 'result',
  });
}
