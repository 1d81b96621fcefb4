import { html } from '../../html.ts';
import { bankName, type PageContext, stepPage, summaryLine, t } from './page-context.ts';

/**
 * The bank has not confirmed the transfer long after it was sent: the payer is told not to send it again,
 * that it is being checked and that the shop will learn the result. No refresh: this can take hours.
 */
export function reviewPage(context: PageContext): string {
  const body = html`${summaryLine(context)}
<section class="card" aria-labelledby="review-title">
  <div class="bank-header">${bankName(context)}</div>
  <h1 id="review-title">${t(context, 'review_title')}</h1>
  <p role="status">${t(context, 'review_body', { merchant: context.view.merchant.name })}</p>
  <p class="note">${t(context, 'result_close_hint')}</p>
</section>`;
  return stepPage(context, t(context, 'review_title'), body);
}
