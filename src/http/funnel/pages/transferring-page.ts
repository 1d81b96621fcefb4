import { html } from '../../html.ts';
import {
  bankHeader,
  type PageContext,
  refreshControl,
  sessionPath,
  stepPage,
  summaryLine,
  t,
} from './page-context.ts';

/**
 * While the bank has not given its final answer: a page that refreshes itself (the `Refresh` header set by
 * the route, no JavaScript needed) through `/result`, which sends the payer on as soon as the payment has ended and back here until then.
 */
export function transferringPage(context: PageContext): string {
  const body = html`${summaryLine(context)}
<section class="card" aria-labelledby="transferring-title">
  ${bankHeader(context)}
  <h1 id="transferring-title">${t(context, 'transferring_title')}</h1>
  <div class="waiting" role="status"><progress aria-label="${t(context, 'transferring_title')}"></progress><span>${t(context, 'transferring_body')}</span></div>
  <a class="button" href="${sessionPath(context, 'result')}">${t(context, 'check_again')}</a>
  ${refreshControl(context, 'result')}
</section>`;
  return stepPage(context, t(context, 'transferring_title'), body);
}
