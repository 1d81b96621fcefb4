import { bankByCode } from '../../../domain/banks.ts';
import type { CollectingAccount } from '../../../domain/direct-transfer.ts';
import { formatPesos } from '../../../domain/money.ts';
import { formatRut } from '../../../domain/rut.ts';
import { type Html, html } from '../../html.ts';
import {
  cancelForm,
  form,
  type PageContext,
  refreshControl,
  stepPage,
  summaryLine,
  t,
} from './page-context.ts';

/** Made once: a formatter per page costs more than the page. */
const CHILE_DATE_TIME = new Intl.DateTimeFormat('es-CL', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'America/Santiago',
});

/** The offer on the bank-choice page: "Transferir desde cualquier banco". */
export function directTransferOffer(context: PageContext): Html {
  return html`<section class="card" aria-labelledby="direct-title">
  <h2 id="direct-title">${t(context, 'direct_transfer_offer_title')}</h2>
  <p>${t(context, 'direct_transfer_offer', { merchant: context.view.merchant.name })}</p>
  ${form(context, 'direct-transfer', html`<div class="actions"><button type="submit">${t(context, 'direct_transfer_choose')}</button></div>`)}
</section>`;
}

/**
 * The payer transfers from their own bank: the account, the exact amount and the reference, each with a
 * copy button (`/assets/copy-buttons.js` shows them; without scripts the values are plain selectable text),
 * and until when the payment stays open. The page reloads itself now and then, so the payer who keeps it
 * open sees the payment confirmed; closing it and coming back by the same link is as good.
 */
export function directTransferPage(
  context: PageContext,
  account: CollectingAccount,
  transfer: { reference: string; windowEndsAt: Date },
): string {
  const { session, merchant } = context.view;
  const row = (label: string, value: string, id: string, extra: Html | string = '') =>
    html`<dt>${label}</dt><dd><span class="copy-value" id="${id}">${value}</span> <button type="button" class="link copy" data-copy="${id}" data-copied="${t(context, 'copied')}" hidden>${t(context, 'copy')}</button>${extra}</dd>`;
  const body = html`${summaryLine(context)}
<section class="card" aria-labelledby="transfer-title">
  <h1 id="transfer-title">${t(context, 'direct_transfer_title', { merchant: merchant.name })}</h1>
  <p>${t(context, 'direct_transfer_intro')}</p>
  <h2>${t(context, 'direct_transfer_account')}</h2>
  <dl class="details transfer-details">
    ${row(t(context, 'direct_transfer_bank'), bankByCode(account.bankCode).name, 'dt-bank')}
    ${row(t(context, 'direct_transfer_account_type'), t(context, `account_type_${account.accountType}`), 'dt-type')}
    ${row(t(context, 'direct_transfer_account_number'), account.accountNumber, 'dt-number')}
    ${row(t(context, 'direct_transfer_holder'), account.holderName, 'dt-holder')}
    ${row(t(context, 'direct_transfer_holder_rut'), formatRut(account.holderRut), 'dt-rut')}
    ${row(t(context, 'direct_transfer_email'), account.notificationEmail, 'dt-email')}
    ${row(t(context, 'direct_transfer_amount'), formatPesos(session.orderAmount), 'dt-amount')}
    ${row(t(context, 'direct_transfer_reference'), transfer.reference, 'dt-reference')}
  </dl>
  <p class="note">${t(context, 'direct_transfer_reference_hint')}</p>
  <p><strong>${t(context, 'direct_transfer_open_until', { date: CHILE_DATE_TIME.format(transfer.windowEndsAt) })}</strong></p>
  <p role="status">${t(context, 'direct_transfer_waiting')}</p>
  <p class="note">${t(context, 'direct_transfer_come_back')}</p>
  ${refreshControl(context)}
</section>
${cancelForm(context)}
<script src="/assets/copy-buttons.js" defer></script>`;
  return stepPage(context, t(context, 'direct_transfer_title', { merchant: merchant.name }), body, {
    directTransfer: true,
  });
}
