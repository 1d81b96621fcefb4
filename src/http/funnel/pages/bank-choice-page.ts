import { banksFor } from '../../../domain/banks.ts';
import { formatPesos } from '../../../domain/money.ts';
import { canChooseAnotherAccount } from '../../../use-cases/funnel/choose-account.ts';
import { type Html, html } from '../../html.ts';
import { BANK_LOOKS } from '../bank-looks.ts';
import { accountForm } from './account-choice-page.ts';
import { bankName, cancelForm, failureText, form, type PageContext, stepPage, t } from './page-context.ts';

/** Made once: building a formatter per page cost more than the rest of the page. */
const CHILE_TIME = new Intl.DateTimeFormat('es-CL', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'America/Santiago',
});

/**
 * Step 1: summary and bank choice. Also the page after a failed bank attempt, which says why and offers
 * every bank again.
 */
export function bankChoicePage(context: PageContext, directTransfer: Html | string = ''): string {
  const { session, merchant, funnel } = context.view;
  const shown = session.metadata.filter((item) => item.show);
  // Every bank: a bank named by the merchant goes straight to its login instead of this page, unless the
  // payer asked for another bank or came back from one.
  const banks = banksFor(merchant.environment);
  const expiresAt = CHILE_TIME.format(session.expiresAt);
  const otherAccounts = canChooseAnotherAccount(context.view)
    ? (funnel.accounts ?? []).filter((account) => account.id !== funnel.accountId)
    : [];
  const failed =
    funnel.state === 'attempt_failed'
      ? html`<section class="card" role="alert">
  <h1>${t(context, 'attempt_failed_title', { bank: bankName(context) })}</h1>
  <p class="notice">${failureText(context, funnel.failureReason)}</p>
  <p>${t(context, otherAccounts.length > 0 ? 'attempt_failed_hint_accounts' : 'attempt_failed_hint')}</p>
</section>`
      : '';
  // After a refused transfer the bank session is still open: the payer's other accounts are one click away.
  const accounts =
    otherAccounts.length > 0
      ? html`<section class="card" aria-labelledby="accounts-title">
  <h2 id="accounts-title">${t(context, 'choose_other_account', { bank: bankName(context) })}</h2>
  ${accountForm(context, otherAccounts)}
</section>`
      : '';
  const body = html`${failed}
<section class="card" aria-labelledby="summary-title">
  <p class="merchant" id="summary-title">${t(context, 'pay_to')} <strong>${merchant.name}</strong></p>
  <p class="amount" aria-label="${t(context, 'amount')}">${formatPesos(session.orderAmount)}</p>
  ${
    shown.length > 0
      ? html`<dl class="details" aria-label="${t(context, 'details')}">${shown.map(
          (item) => html`<dt>${item.name}</dt><dd>${item.value}</dd>`,
        )}</dl>`
      : ''
  }
</section>
${accounts}
<section class="card" aria-labelledby="banks-title">
  <h2 id="banks-title">${t(context, funnel.state === 'attempt_failed' ? 'choose_other_bank' : 'choose_bank')}</h2>
  ${form(
    context,
    'bank',
    html`<ul class="banks">${banks.map(
      (bank) =>
        html`<li><button type="submit" name="bank" value="${bank.code}"><span class="bank-mark mark-${bank.code}" aria-hidden="true">${BANK_LOOKS[bank.code].monogram}</span><span>${bank.name}</span></button></li>`,
    )}</ul>`,
  )}
</section>
${directTransfer}
${cancelForm(context)}
<p class="note">${t(context, 'expires_at')} ${expiresAt}</p>`;
  return stepPage(context, `${t(context, 'pay_to')} ${merchant.name}`, body);
}

/**
 * A production merchant without a collecting account: no bank is offered (its money would have nowhere to
 * go), the payer is told why and can only go back to the shop.
 */
export function cannotCollectPage(context: PageContext): string {
  const { session, merchant } = context.view;
  const body = html`<section class="card" role="alert" aria-labelledby="cannot-collect-title">
  <h1 id="cannot-collect-title">${t(context, 'cannot_collect_title', { merchant: merchant.name })}</h1>
  <p>${t(context, 'cannot_collect_body')}</p>
</section>
<section class="card" aria-label="${t(context, 'your_payment')}">
  <p class="merchant">${t(context, 'pay_to')} <strong>${merchant.name}</strong></p>
  <p class="amount" aria-label="${t(context, 'amount')}">${formatPesos(session.orderAmount)}</p>
</section>
${cancelForm(context)}`;
  return stepPage(context, t(context, 'cannot_collect_title', { merchant: merchant.name }), body);
}
