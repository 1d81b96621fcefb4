import { formatPesos } from '../../../domain/money.ts';
import { html } from '../../html.ts';
import { bankHeader, cancelForm, form, noticeBlock, type PageContext, stepPage, t } from './page-context.ts';

/** Step 5: exactly what will move, from where, to whom; Approve or Cancel. */
export function confirmationPage(context: PageContext): string {
  const { session, funnel, merchant } = context.view;
  const text = t(context, 'confirm_text', {
    amount: formatPesos(session.orderAmount),
    last4: funnel.accountLast4 ?? '',
    merchant: merchant.name,
  });
  const body = html`<section class="card" aria-labelledby="confirm-title">
  ${bankHeader(context)}
  <h1 id="confirm-title">${t(context, 'confirm_title')}</h1>
  ${noticeBlock(context)}
  <p class="confirm">${text}</p>
  <p class="note">${funnel.accountType ?? ''}${funnel.holderName ? html` · ${funnel.holderName}` : ''}</p>
  ${form(context, 'approve', html`<div class="actions"><button type="submit" class="primary">${t(context, 'approve')}</button></div>`)}
</section>
${cancelForm(context, 'cancel_short')}`;
  return stepPage(context, t(context, 'confirm_title'), body);
}
