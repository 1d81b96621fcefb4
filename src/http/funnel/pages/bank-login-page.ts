import { formatPesos } from '../../../domain/money.ts';
import { formatRut, parseRut } from '../../../domain/rut.ts';
import { html } from '../../html.ts';
import { BANK_LOOKS } from '../bank-looks.ts';
import {
  bankHeader,
  bankName,
  cancelForm,
  form,
  noticeBlock,
  type PageContext,
  stepPage,
  summaryLine,
  t,
} from './page-context.ts';

/** Step 2: RUT and password, in the chosen bank's look. The RUT is prefilled, and locked when asked. */
export function bankLoginPage(context: PageContext, maxLoginAttempts: number): string {
  const { session, funnel, merchant } = context.view;
  const code = funnel.bankCode ?? session.userBankCode;
  const bank = bankName(context);
  const look = code ? BANK_LOOKS[code] : null;
  const typed = session.userRut ?? funnel.loginRut;
  const given = typed ? parseRut(typed) : null;
  const rut = given ? formatRut(given) : '';
  const locked = session.isRutBlock && rut !== '';
  const wrong =
    funnel.state === 'logging_in' && funnel.failureReason === 'wrong_password'
      ? html`<p class="notice" role="alert">${t(context, 'wrong_password', { n: maxLoginAttempts - funnel.loginAttempts })}</p>`
      : '';
  const body = html`${summaryLine(context)}
<section class="card" aria-labelledby="login-title">
  ${bankHeader(context)}
  <h1 id="login-title">${t(context, 'bank_login_title', { bank })}</h1>
  <p>${t(context, 'bank_login_intro', { bank, amount: formatPesos(session.orderAmount), merchant: merchant.name })}</p>
  ${wrong}${noticeBlock(context)}
  ${form(
    context,
    'login',
    html`<label for="rut">${t(context, 'rut')}</label>
<input id="rut" name="rut" type="text" inputmode="text" autocomplete="username" required value="${rut}"${locked ? html` readonly aria-readonly="true"` : ''} aria-describedby="rut-hint">
<p class="note" id="rut-hint">${t(context, 'rut_hint')}</p>
<label for="password">${t(context, 'password')}${look ? html` <span class="note">(${look.passwordName[context.language]})</span>` : ''}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button type="submit" class="primary">${t(context, 'log_in')}</button></div>`,
  )}
</section>
${cancelForm(context)}`;
  return stepPage(context, t(context, 'bank_login_title', { bank }), body);
}
