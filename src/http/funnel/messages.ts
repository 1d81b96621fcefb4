/** Every payer-facing text, Spanish (es-CL) first, English second. */
export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const MESSAGES = {
  pay_to: { es: 'Pagar a', en: 'Pay to' },
  amount: { es: 'Monto', en: 'Amount' },
  details: { es: 'Detalle', en: 'Details' },
  choose_bank: { es: 'Elige tu banco', en: 'Choose your bank' },
  pay_with: { es: 'Pagar con', en: 'Pay with' },
  cancel: { es: 'Cancelar pago', en: 'Cancel payment' },
  expires_at: { es: 'Esta sesión vence a las', en: 'This session expires at' },
  secure_transfer: {
    es: 'Pago seguro por transferencia bancaria. Tus claves nunca se guardan.',
    en: 'Secure bank transfer payment. Your credentials are never stored.',
  },
  not_found_title: { es: 'Sesión de pago no encontrada', en: 'Payment session not found' },
  unavailable_title: { es: 'Servicio no disponible por un momento', en: 'Service briefly unavailable' },
  unavailable_body: {
    es: 'No pudimos atender tu pago en este momento. No se hizo ningún cargo por esta acción. Vuelve a intentarlo en unos segundos con el botón atrás o recargando la página.',
    en: 'We could not serve your payment right now. Nothing was charged by this action. Try again in a few seconds with the back button or by reloading the page.',
  },
  error_title: { es: 'Algo salió mal', en: 'Something went wrong' },
  error_body: {
    es: 'Tuvimos un problema al mostrar esta página. Vuelve a intentarlo en unos segundos; si persiste, vuelve al comercio.',
    en: 'We had a problem showing this page. Try again in a few seconds; if it persists, go back to the shop.',
  },
  not_found_body: {
    es: 'El enlace de pago no es válido. Vuelve al comercio e inicia el pago otra vez.',
    en: 'This payment link is not valid. Go back to the shop and start the payment again.',
  },
  expired_title: { es: 'La sesión de pago expiró', en: 'The payment session expired' },
  expired_body: {
    es: 'Pasó demasiado tiempo y no se hizo ningún cargo. Vuelve al comercio e inicia el pago otra vez.',
    en: 'Too much time went by and nothing was charged. Go back to the shop and start the payment again.',
  },
  finished_title: { es: 'Este pago ya terminó', en: 'This payment has already ended' },
  finished_body: {
    es: 'Esta sesión de pago ya no admite cambios. Revisa el estado del pedido en el comercio.',
    en: 'This payment session can no longer change. Check the order status at the shop.',
  },
  language_switch: { es: 'English', en: 'Español' },
  // Page frame: steps, sandbox, security
  steps_label: { es: 'Pasos del pago', en: 'Payment steps' },
  step_bank: { es: 'Banco', en: 'Bank' },
  step_login: { es: 'Ingreso', en: 'Log in' },
  step_verify: { es: 'Verificación', en: 'Verification' },
  step_confirm: { es: 'Confirmación', en: 'Confirmation' },
  step_done: { es: '(listo)', en: '(done)' },
  sandbox_badge: { es: 'Sandbox · sin dinero real', en: 'Sandbox · no real money' },
  your_payment: { es: 'Tu pago', en: 'Your payment' },
  secure_note: {
    es: 'Conexión segura con Puente. Tu clave se envía solo a tu banco y nunca se guarda.',
    en: 'Secure connection to Puente. Your password is sent only to your bank and is never stored.',
  },
  change_bank: { es: 'Elegir otro banco', en: 'Choose another bank' },
  stop_refresh: { es: 'Dejar de actualizar sola', en: 'Stop refreshing by itself' },
  refresh_stopped: {
    es: 'La página ya no se actualiza sola. Usa el botón cuando estés listo.',
    en: 'This page no longer refreshes by itself. Use the button when you are ready.',
  },
  app_progress: { es: 'Esperando tu aprobación en la app', en: 'Waiting for your approval in the app' },
  // Bank login
  bank_login_title: { es: 'Ingresa a {bank}', en: 'Log in to {bank}' },
  bank_login_intro: {
    es: 'Ingresa con tu RUT y tu clave de {bank} para pagar {amount} a {merchant}.',
    en: 'Log in with your RUT and your {bank} password to pay {amount} to {merchant}.',
  },
  rut: { es: 'RUT', en: 'RUT' },
  rut_hint: { es: 'Ej.: 12.345.678-5', en: 'E.g. 12.345.678-5' },
  password: { es: 'Clave', en: 'Password' },
  log_in: { es: 'Ingresar', en: 'Log in' },
  wrong_password: {
    es: 'RUT o clave incorrectos. Te quedan {n} intentos.',
    en: 'Wrong RUT or password. {n} attempts left.',
  },
  invalid_rut: {
    es: 'El RUT no es válido. Revísalo e inténtalo otra vez.',
    en: 'That RUT is not valid. Check it and try again.',
  },
  login_held_back_rut: {
    es: 'Por tu seguridad, pausamos por unos minutos los ingresos con este RUT en este banco, tras varios intentos con clave incorrecta. No enviamos tu clave al banco. Inténtalo más tarde.',
    en: 'For your security, logins with this RUT at this bank are paused for a few minutes after several wrong passwords. Your password was not sent to the bank. Please try again later.',
  },
  login_held_back_address: {
    es: 'Por seguridad, pausamos por unos minutos los ingresos desde esta conexión, tras muchos intentos con clave incorrecta. No enviamos tu clave al banco. Inténtalo más tarde.',
    en: 'For security, logins from this connection are paused for a few minutes after many wrong passwords. Your password was not sent to the bank. Please try again later.',
  },
  choose_other_bank: { es: 'Elegir otro banco', en: 'Choose another bank' },
  // Second factor
  second_factor_title: { es: 'Verificación de {bank}', en: '{bank} verification' },
  app_waiting: {
    es: 'Abre la app de {bank} en tu teléfono y aprueba el pago. Esta página se actualiza sola.',
    en: 'Open the {bank} app on your phone and approve the payment. This page refreshes by itself.',
  },
  app_done: { es: 'Ya aprobé en la app', en: 'I approved it in the app' },
  app_still_waiting: {
    es: 'Aún no vemos tu aprobación. Apruébala en la app y vuelve a intentarlo.',
    en: 'We do not see your approval yet. Approve it in the app and try again.',
  },
  code_intro: {
    es: 'Ingresa el código de {length} dígitos que te envió {bank}.',
    en: 'Enter the {length}-digit code {bank} sent you.',
  },
  code: { es: 'Código', en: 'Code' },
  coordinates_intro: {
    es: 'Ingresa los valores de tu tarjeta de coordenadas.',
    en: 'Enter the values from your coordinate card.',
  },
  coordinate: { es: 'Coordenada {position}', en: 'Coordinate {position}' },
  continue: { es: 'Continuar', en: 'Continue' },
  wrong_answer: {
    es: 'El código no es correcto. Inténtalo otra vez.',
    en: 'That code is not right. Try again.',
  },
  // Accounts and confirmation
  choose_account: { es: 'Elige la cuenta de origen', en: 'Choose the account to pay from' },
  account_item: { es: '{type} ···{last4}', en: '{type} ···{last4}' },
  confirm_title: { es: 'Confirma la transferencia', en: 'Confirm the transfer' },
  confirm_text: {
    es: 'Transferir {amount} desde cuenta ···{last4} a {merchant}',
    en: 'Transfer {amount} from account ···{last4} to {merchant}',
  },
  approve: { es: 'Aprobar', en: 'Approve' },
  cancel_short: { es: 'Cancelar', en: 'Cancel' },
  order_claimed: {
    es: 'Hay otro pago en curso para este pedido. No se hizo ningún cargo.',
    en: 'Another payment for this order is in progress. Nothing was charged.',
  },
  // Transfer in flight
  transferring_title: { es: 'Procesando tu transferencia', en: 'Processing your transfer' },
  transferring_body: {
    es: 'El banco está confirmando la transferencia. No cierres esta página; se actualiza sola.',
    en: 'The bank is confirming the transfer. Keep this page open; it refreshes by itself.',
  },
  check_again: { es: 'Actualizar', en: 'Refresh' },
  review_title: { es: 'Estamos verificando tu transferencia', en: 'We are checking your transfer' },
  review_body: {
    es: 'El banco aún no confirma la transferencia. No la repitas: la estamos verificando con el banco y {merchant} recibirá el resultado.',
    en: 'The bank has not confirmed the transfer yet. Do not send it again: we are checking it with the bank and {merchant} will get the result.',
  },
  // Failures
  attempt_failed_title: {
    es: 'No pudimos completar el pago con {bank}',
    en: 'We could not complete the payment with {bank}',
  },
  attempt_failed_hint: {
    es: 'No se hizo ningún cargo. Puedes intentarlo con otro banco o volver al comercio.',
    en: 'Nothing was charged. You can try another bank or go back to the shop.',
  },
  attempt_failed_hint_accounts: {
    es: 'No se hizo ningún cargo. Puedes pagar desde otra de tus cuentas, intentarlo con otro banco o volver al comercio.',
    en: 'Nothing was charged. You can pay from another of your accounts, try another bank or go back to the shop.',
  },
  choose_other_account: {
    es: 'Pagar desde otra cuenta en {bank}',
    en: 'Pay from another account at {bank}',
  },
  reason_account_blocked: { es: 'Tu cuenta está bloqueada.', en: 'Your account is blocked.' },
  reason_bank_unavailable: {
    es: 'El banco no está disponible en este momento.',
    en: 'The bank is not available right now.',
  },
  reason_second_factor_refused: { es: 'La verificación fue rechazada.', en: 'The verification was refused.' },
  reason_second_factor_timed_out: {
    es: 'La verificación no se completó a tiempo.',
    en: 'The verification was not completed in time.',
  },
  reason_bank_session_expired: { es: 'Tu sesión en el banco expiró.', en: 'Your bank session expired.' },
  reason_no_accounts: { es: 'No tienes cuentas que puedan pagar.', en: 'You have no account that can pay.' },
  reason_wrong_password: {
    es: 'Se ingresó una clave incorrecta demasiadas veces.',
    en: 'A wrong password was entered too many times.',
  },
  reason_insufficient_funds: {
    es: 'La cuenta no tiene saldo suficiente.',
    en: 'The account does not have enough funds.',
  },
  reason_over_daily_limit: {
    es: 'El monto supera tu límite diario de transferencias.',
    en: 'The amount is over your daily transfer limit.',
  },
  reason_rejected: { es: 'El banco rechazó la transferencia.', en: 'The bank rejected the transfer.' },
  reason_consent_rejected: {
    es: 'La autorización del pago fue rechazada en el banco.',
    en: 'The payment authorisation was rejected at the bank.',
  },
  reason_merchant_cannot_collect: {
    es: 'Este comercio aún no puede recibir pagos. No se hizo ningún cargo.',
    en: 'This shop cannot receive payments yet. Nothing was charged.',
  },
  reason_authorization_invalid: {
    es: 'No pudimos verificar la respuesta del banco. No se hizo ningún cargo.',
    en: 'We could not verify the bank’s answer. Nothing was charged.',
  },
  // Open finance: the payer authorises at the bank
  continue_at_bank_title: { es: 'Autoriza el pago en {bank}', en: 'Authorise the payment at {bank}' },
  continue_at_bank_intro: {
    es: 'Pagarás {amount} a {merchant} desde tu cuenta en {bank}. Te llevaremos al sitio de tu banco para que autorices el pago; tu clave la ingresas solo allí.',
    en: 'You will pay {amount} to {merchant} from your account at {bank}. We will take you to your bank’s site to authorise the payment; you type your password there only.',
  },
  continue_at_bank: { es: 'Continuar en {bank}', en: 'Continue at {bank}' },
  payee: { es: 'Destinatario', en: 'Payee' },
  payee_rut: { es: 'RUT del destinatario', en: 'Payee’s RUT' },
  // A production merchant whose collecting account is not registered: no bank is offered
  cannot_collect_title: {
    es: '{merchant} aún no puede recibir pagos',
    en: '{merchant} cannot receive payments yet',
  },
  cannot_collect_body: {
    es: 'Este comercio todavía no tiene registrada la cuenta donde recibe sus pagos, así que no podemos ofrecerte ningún banco. No se hizo ningún cargo. Vuelve al comercio e inténtalo más tarde.',
    en: 'This shop has not registered the account its payments go to yet, so we cannot offer you any bank. Nothing was charged. Go back to the shop and try again later.',
  },
  returned_from_bank_title: { es: 'Verificando la autorización', en: 'Checking the authorisation' },
  reason_transfer_not_received: {
    es: 'El banco no recibió la transferencia.',
    en: 'The bank did not receive the transfer.',
  },
  reason_unknown: { es: 'Ocurrió un problema con el banco.', en: 'Something went wrong with the bank.' },
  // Direct transfer: the payer transfers from any bank's own app to the merchant's account
  direct_transfer_offer_title: { es: '¿Prefieres transferir tú?', en: 'Rather transfer yourself?' },
  direct_transfer_offer: {
    es: 'Transfiere desde la app o el sitio de cualquier banco a la cuenta de {merchant}, sin ingresar tu clave aquí.',
    en: 'Transfer from any bank’s app or website to {merchant}’s account, without typing your password here.',
  },
  direct_transfer_choose: { es: 'Transferir desde cualquier banco', en: 'Transfer from any bank' },
  direct_transfer_title: { es: 'Transfiere a {merchant}', en: 'Transfer to {merchant}' },
  direct_transfer_intro: {
    es: 'Desde la app o el sitio de tu banco, transfiere exactamente el monto a esta cuenta y escribe la referencia en el comentario de la transferencia. Confirmaremos tu pago apenas veamos la transferencia.',
    en: 'From your bank’s app or website, transfer exactly the amount to this account and write the reference in the transfer’s comment. We will confirm your payment as soon as we see the transfer.',
  },
  direct_transfer_account: { es: 'Cuenta de destino', en: 'Destination account' },
  direct_transfer_bank: { es: 'Banco', en: 'Bank' },
  direct_transfer_account_type: { es: 'Tipo de cuenta', en: 'Account type' },
  direct_transfer_account_number: { es: 'Número de cuenta', en: 'Account number' },
  direct_transfer_holder: { es: 'Titular', en: 'Account holder' },
  direct_transfer_holder_rut: { es: 'RUT del titular', en: 'Holder’s RUT' },
  direct_transfer_email: { es: 'Correo para el aviso', en: 'E-mail for the notice' },
  direct_transfer_amount: { es: 'Monto exacto', en: 'Exact amount' },
  direct_transfer_reference: {
    es: 'Referencia (escríbela en el comentario)',
    en: 'Reference (write it in the comment)',
  },
  direct_transfer_reference_hint: {
    es: 'Sin la referencia o con otro monto, tu pago tardará más: una persona tendrá que revisarlo.',
    en: 'Without the reference, or with another amount, your payment takes longer: a person will have to check it.',
  },
  direct_transfer_open_until: {
    es: 'Tienes hasta el {date} para transferir. Después este pago vence y no debes transferir.',
    en: 'You have until {date} to transfer. After that this payment expires and you should not transfer.',
  },
  direct_transfer_come_back: {
    es: 'Puedes cerrar esta página y volver a ella con el mismo enlace para ver si llegó tu transferencia.',
    en: 'You may close this page and come back with the same link to see whether your transfer arrived.',
  },
  direct_transfer_secure_note: {
    es: 'Puente nunca te pide las claves de tu banco: transfieres desde la app o el sitio de tu banco. Antes de confirmar, revisa que el titular y su RUT sean los de arriba.',
    en: 'Puente never asks for your bank passwords: you transfer from your own bank’s app or website. Before you confirm, check that the holder and their RUT are the ones above.',
  },
  direct_transfer_waiting: { es: 'Esperando tu transferencia…', en: 'Waiting for your transfer…' },
  copy: { es: 'Copiar', en: 'Copy' },
  copied: { es: 'Copiado', en: 'Copied' },
  account_type_corriente: { es: 'Cuenta corriente', en: 'Checking account' },
  account_type_vista: { es: 'Cuenta vista', en: 'Demand account' },
  account_type_ahorro: { es: 'Cuenta de ahorro', en: 'Savings account' },
  account_type_rut: { es: 'CuentaRUT', en: 'CuentaRUT' },
  // Results
  result_success_title: { es: 'Pago exitoso', en: 'Payment successful' },
  result_success_body: { es: 'Pagaste {amount} a {merchant}.', en: 'You paid {amount} to {merchant}.' },
  result_error_title: { es: 'El pago no se realizó', en: 'The payment was not made' },
  result_cancelled_title: { es: 'Pago cancelado', en: 'Payment cancelled' },
  result_cancelled_body: {
    es: 'Cancelaste el pago. No se hizo ningún cargo.',
    en: 'You cancelled the payment. Nothing was charged.',
  },
  back_to_shop: { es: 'Volver al comercio', en: 'Back to the shop' },
  result_close_hint: { es: 'Ya puedes cerrar esta ventana.', en: 'You can close this window now.' },
  see_result: { es: 'Ver resultado', en: 'See the result' },
  reference: { es: 'Referencia', en: 'Reference' },
  bad_form_title: { es: 'No pudimos verificar el formulario', en: 'We could not verify the form' },
  bad_form_body: {
    es: 'Tu navegador envió un formulario vencido o incompleto. Vuelve a la página de pago e inténtalo otra vez.',
    en: 'Your browser sent an expired or incomplete form. Go back to the payment page and try again.',
  },
  back_to_payment: { es: 'Volver al pago', en: 'Back to the payment' },
} as const satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof MESSAGES;

export function translate(language: Language, key: MessageKey): string {
  return MESSAGES[key][language];
}

/** A text with `{name}` placeholders filled in (values are escaped later by the `html` template). */
export function format(language: Language, key: MessageKey, values: Record<string, string | number>): string {
  return fillIn(translate(language, key), values);
}

/** Fills `{name}` placeholders (shared with the back-office's catalogue). */
export function fillIn(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
}

export function isMessageKey(key: string): key is MessageKey {
  return key in MESSAGES;
}

/**
 * The payer's language: `?lang=` (carried from the shop and kept in every funnel link), else the first of
 * our languages the browser's `Accept-Language` asks for, else Spanish.
 */
export function pickLanguage(query: unknown, acceptLanguage?: string | string[]): Language {
  const lang = typeof query === 'object' && query !== null ? (query as { lang?: unknown }).lang : undefined;
  if (lang === 'en' || lang === 'es') return lang;
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const asked = header
    .split(',')
    .map((part, index) => {
      const [range = '', ...parameters] = part.trim().toLowerCase().split(';');
      const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
      return { primary: range.trim().split('-')[0], quality: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const entry of asked) if (entry.primary === 'es' || entry.primary === 'en') return entry.primary;
  return 'es';
}
