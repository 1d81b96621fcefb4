import type { BankAccount } from '../../../domain/bank-account.ts';
import { type Html, html } from '../../html.ts';
import { bankHeader, cancelForm, form, type PageContext, stepPage, summaryLine, t } from './page-context.ts';

/** Step 4: one button per account the bank listed (only the last four digits are ever shown). */
export function accountChoicePage(context: PageContext): string {
  const accounts = context.view.funnel.accounts ?? [];
  const body = html`${summaryLine(context)}
<section class="card" aria-labelledby="accounts-title">
  ${bankHeader(context)}
  <h1 id="accounts-title">${t(context, 'choose_account')}</h1>
  ${accountForm(context, accounts)}
</section>
${cancelForm(context)}`;
  return stepPage(context, t(context, 'choose_account'), body);
}

/** One button per account (only the last four digits are ever shown), posting to the account action. */
export function accountForm(context: PageContext, accounts: readonly BankAccount[]): Html {
  return form(
    context,
    'account',
    html`<ul class="banks accounts">${accounts.map(
      (account) =>
        html`<li><button type="submit" name="account" value="${account.id}">${t(context, 'account_item', { type: account.type, last4: account.last4 })}</button></li>`,
    )}</ul>`,
  );
}
