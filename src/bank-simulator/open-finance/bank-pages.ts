import type { BankCode } from '../../domain/banks.ts';
import { formatPesos } from '../../domain/money.ts';
import { BANK_LOOKS } from '../../http/funnel/bank-looks.ts';
import { type Html, html, raw } from '../../http/html.ts';
import type { PayerAccount } from '../accounts.ts';
import type { BankProfile } from '../bank-profiles.ts';
import type { PaymentConsent } from './payment-consents.ts';

/**
 * The model bank's own pages at its authorisation server: login and consent, in the bank's colours and
 * name (the same looks the funnel uses), Spanish first with English below. Plain forms, no script.
 */
function bankPage(profile: BankProfile, title: string, body: Html): string {
  const look = BANK_LOOKS[profile.code as BankCode];
  const style = `body{font-family:system-ui,sans-serif;margin:0;background:#f5f5f5;color:#111}
header{background:${look.colour};color:${look.ink};padding:1rem 1.5rem;font-size:1.25rem;font-weight:700}
main{max-width:32rem;margin:1.5rem auto;background:#fff;padding:1.5rem;border-radius:.5rem}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{font-size:1rem;padding:.6rem 1rem;margin:.75rem .5rem 0 0;border-radius:.3rem;border:1px solid #888;background:#fff;cursor:pointer}
button.primary{background:${look.colour};color:${look.ink};border-color:${look.colour}}
.en{color:#555;font-size:.9rem}.error{color:#a00;font-weight:600}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}`;
  return html`<!doctype html>
<html lang="es-CL"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${profile.name}</title><style>${raw(style)}</style></head>
<body class="model-bank bank-${profile.code}"><header>${profile.name}</header><main>${body}</main></body></html>`
    .text;
}

function summary(consent: PaymentConsent): Html {
  return html`<dl>
<dt>Monto <span class="en">Amount</span></dt><dd data-amount>${formatPesos(consent.amount)}</dd>
<dt>Destinatario <span class="en">Payee</span></dt><dd data-payee>${consent.creditor.name} · RUT ${consent.creditor.rut}</dd>
<dt>Referencia <span class="en">Reference</span></dt><dd>${consent.reference}</dd>
</dl>`;
}

export function loginPage(
  profile: BankProfile,
  consent: PaymentConsent,
  action: string,
  error: string | null,
): string {
  const look = BANK_LOOKS[profile.code as BankCode];
  return bankPage(
    profile,
    'Ingreso',
    html`<h1>Ingresa a ${profile.name}</h1>
<p class="en">Log in to ${profile.name} to authorise a payment</p>
${summary(consent)}
${error ? html`<p class="error" role="alert">${error}</p>` : null}
<form method="post" action="${action}/login">
<label for="rut">RUT</label><input type="text" id="rut" name="rut" autocomplete="username" required>
<label for="password">Clave <span class="en">(${look.passwordName.es} · ${look.passwordName.en})</span></label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button class="primary" type="submit">Ingresar <span class="en">Log in</span></button>
</form>
<form method="post" action="${action}/cancel"><button type="submit">Cancelar y volver <span class="en">Cancel and go back</span></button></form>`,
  );
}

export function consentPage(
  profile: BankProfile,
  consent: PaymentConsent,
  accounts: PayerAccount[],
  holderName: string,
  action: string,
): string {
  return bankPage(
    profile,
    'Autorizar pago',
    html`<h1>Autorizar pago</h1><p class="en">Authorise payment</p>
<p>Hola, ${holderName}. Un proveedor de iniciación de pagos pide transferir:</p>
${summary(consent)}
<form method="post" action="${action}/authorise">
<fieldset><legend>Cuenta de origen <span class="en">From account</span></legend>
${accounts.map(
  (
    account,
    index,
  ) => html`<label><input type="radio" name="account" value="${account.id}"${index === 0 ? raw(' checked') : null}>
${account.type} ···${account.number.slice(-4)}</label>`,
)}
</fieldset>
<button class="primary" type="submit" name="decision" value="authorise">Autorizar <span class="en">Authorise</span></button>
<button type="submit" name="decision" value="reject">Rechazar <span class="en">Reject</span></button>
</form>`,
  );
}

export function problemPage(profile: BankProfile, message: string): string {
  return bankPage(profile, 'Error', html`<h1>No pudimos continuar</h1><p class="error">${message}</p>`);
}
