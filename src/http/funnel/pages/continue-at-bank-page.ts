import type { FastifyReply } from 'fastify';
import type { Creditor } from '../../../domain/creditor.ts';
import { formatPesos } from '../../../domain/money.ts';
import { formatRut } from '../../../domain/rut.ts';
import type { RedirectBankConnectors } from '../../../ports/redirect-bank-connector.ts';
import { html } from '../../html.ts';
import { setFunnelHeaders } from '../security-headers.ts';
import {
  bankName,
  cancelForm,
  form,
  noticeBlock,
  type PageContext,
  stepPage,
  summaryLine,
  t,
} from './page-context.ts';

/**
 * Open finance: what will be paid, to whom and from which bank, and one button that takes the payer to the
 * bank's own authorisation page (the payer's password is typed there only, never here). "To whom" is the
 * holder of the account the money goes to, name and RUT, as the bank will show them on its consent page.
 */
export function continueAtBankPage(
  context: PageContext,
  reply: FastifyReply,
  redirectBanks: RedirectBankConnectors,
  creditor: Creditor,
): string {
  const { session, merchant } = context.view;
  // The form's answer redirects to the bank: its origin joins `form-action`, which browsers apply to it.
  const code = context.view.funnel.bankCode ?? session.userBankCode;
  const bankOrigin = code ? redirectBanks(code)?.authorizationOrigin : undefined;
  setFunnelHeaders(reply, merchant.frameOrigins, [
    session.completedUrl,
    session.cancellationUrl,
    bankOrigin ?? null,
  ]);
  const bank = bankName(context);
  const values = { amount: formatPesos(session.orderAmount), merchant: merchant.name, bank };
  const body = html`${summaryLine(context)}
<section class="card" aria-labelledby="continue-title">
  <div class="bank-header">${bank}</div>
  <h1 id="continue-title">${t(context, 'continue_at_bank_title', values)}</h1>
  ${noticeBlock(context)}
  <p>${t(context, 'continue_at_bank_intro', values)}</p>
  <dl class="details" data-payee>
    <dt>${t(context, 'payee')}</dt><dd>${creditor.holderName}</dd>
    <dt>${t(context, 'payee_rut')}</dt><dd>${formatRut(creditor.holderRut)}</dd>
  </dl>
  ${form(context, 'continue-at-bank', html`<div class="actions"><button type="submit" class="primary">${t(context, 'continue_at_bank', values)}</button></div>`)}
</section>
${cancelForm(context, 'cancel_short')}`;
  return stepPage(context, t(context, 'continue_at_bank_title', values), body);
}
