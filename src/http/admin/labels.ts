import { BANKS } from '../../domain/banks.ts';
import type { OperatorRole } from '../../domain/operator-role.ts';
import type { PaymentStatus, PaymentStep } from '../../domain/payment.ts';
import type { FunnelEvent, FunnelState } from '../../domain/payment-state-machine.ts';
import { formatRut, parseRut } from '../../domain/rut.ts';
import type { DeliveryStatus } from '../../domain/webhooks/delivery.ts';
import type { Language } from '../funnel/messages.ts';
import { type Html, html } from '../html.ts';

type Words = Readonly<Record<Language, string>>;

/**
 * Every code the back-office shows, in the operator's words, in Spanish and English: payment statuses,
 * steps, funnel states and events, webhook delivery statuses, failure reasons, environments, audit actions
 * and banks. The one place for these labels; a code not listed (a new one) is shown as it is rather than
 * hidden. `test/admin/labels.test.ts` fails when a status, step, state, event or delivery status has none.
 */
const PAYMENT_STATUS: Record<PaymentStatus, Words> = {
  pending: { es: 'Pendiente', en: 'Pending' },
  success: { es: 'Exitoso', en: 'Successful' },
  error: { es: 'Con error', en: 'Failed' },
  cancelled: { es: 'Cancelado', en: 'Cancelled' },
  expired: { es: 'Expirado', en: 'Expired' },
};

const PAYMENT_STEP: Record<PaymentStep, Words> = {
  created: { es: 'Sesión creada', en: 'Session created' },
  bank_selected: { es: 'Banco elegido', en: 'Bank chosen' },
  logged_in: { es: 'Ingresó al banco', en: 'Logged in to the bank' },
  second_factor_passed: { es: 'Segundo factor aprobado', en: 'Second factor passed' },
  account_selected: { es: 'Cuenta elegida', en: 'Account chosen' },
  transfer_submitted: { es: 'Transferencia enviada', en: 'Transfer sent' },
  transfer_confirmed: { es: 'Transferencia confirmada', en: 'Transfer confirmed' },
  awaiting_transfer: { es: 'Esperando transferencia directa', en: 'Waiting for a direct transfer' },
};

const FUNNEL_STATE: Record<FunnelState, Words> = {
  choosing_bank: { es: 'eligiendo banco', en: 'choosing a bank' },
  logging_in: { es: 'ingresando al banco', en: 'logging in to the bank' },
  second_factor: { es: 'segundo factor', en: 'second factor' },
  choosing_account: { es: 'eligiendo cuenta', en: 'choosing an account' },
  confirming: { es: 'confirmando', en: 'confirming the transfer' },
  transferring: { es: 'transfiriendo', en: 'transfer in progress' },
  needs_review: { es: 'por revisar', en: 'to review' },
  leaving_for_bank: { es: 'yendo al banco (finanzas abiertas)', en: 'leaving for the bank (open finance)' },
  authorizing_at_bank: { es: 'autorizando en el banco', en: 'authorising at the bank' },
  returned_from_bank: { es: 'de vuelta del banco', en: 'back from the bank' },
  awaiting_transfer: { es: 'esperando transferencia directa', en: 'waiting for a direct transfer' },
  attempt_failed: { es: 'intento fallido', en: 'attempt failed' },
  succeeded: { es: 'pagado', en: 'paid' },
  failed: { es: 'fallido', en: 'payment failed' },
  cancelled: { es: 'cancelado', en: 'payment cancelled' },
  expired: { es: 'expirado', en: 'session expired' },
};

const FUNNEL_EVENT: Record<FunnelEvent, Words> = {
  choose_bank: { es: 'Eligió banco', en: 'Chose a bank' },
  change_bank: { es: 'Volvió a la elección de banco', en: 'Went back to the choice of bank' },
  choose_open_finance_bank: { es: 'Eligió banco (finanzas abiertas)', en: 'Chose a bank (open finance)' },
  authorization_started: {
    es: 'Consentimiento creado: autorización en el banco',
    en: 'Consent created: authorisation at the bank',
  },
  returned_from_bank: {
    es: 'Volvió del banco con la autorización',
    en: 'Came back from the bank with the authorisation',
  },
  login_succeeded: { es: 'Ingreso aceptado', en: 'Login accepted' },
  login_rejected: { es: 'Clave rechazada', en: 'Password refused' },
  login_attempts_exhausted: { es: 'Intentos de clave agotados', en: 'Password attempts used up' },
  attempt_failed: { es: 'Intento fallido', en: 'Attempt failed' },
  second_factor_passed: { es: 'Segundo factor aprobado', en: 'Second factor passed' },
  account_chosen: { es: 'Eligió cuenta', en: 'Chose an account' },
  transfer_submitted: { es: 'Transferencia enviada', en: 'Transfer sent' },
  transfer_completed: { es: 'Transferencia confirmada', en: 'Transfer confirmed' },
  transfer_refused: { es: 'Transferencia rechazada por el banco', en: 'Transfer refused by the bank' },
  transfer_rejected: { es: 'Transferencia rechazada tras la revisión', en: 'Transfer refused after review' },
  transfer_lost: {
    es: 'El banco no reconoce la transferencia: a revisión',
    en: 'The bank does not recognise the transfer: to review',
  },
  review_paid: { es: 'Revisión: el dinero llegó', en: 'Review: the money arrived' },
  review_not_paid: { es: 'Revisión: no hubo cargo', en: 'Review: nothing was charged' },
  choose_direct_transfer: { es: 'Eligió transferencia directa', en: 'Chose a direct transfer' },
  movement_matched: {
    es: 'Movimiento de la cartola conciliado',
    en: 'Statement movement reconciled',
  },
  cancel: { es: 'Pago cancelado', en: 'Payment cancelled' },
  expire: { es: 'Sesión expirada', en: 'Session expired' },
};

const DELIVERY_STATUS: Record<DeliveryStatus, Words> = {
  pending: { es: 'Por entregar', en: 'To deliver' },
  delivering: { es: 'Entregando', en: 'Delivering' },
  delivered: { es: 'Entregado', en: 'Delivered' },
  failed: { es: 'Fallido', en: 'Failed' },
  skipped: { es: 'No enviado', en: 'Not sent' },
};

/** Failure reasons of attempts and deliveries, and bank-call outcomes. */
const REASON: Record<string, Words> = {
  wrong_password: { es: 'clave incorrecta', en: 'wrong password' },
  account_blocked: { es: 'cuenta bloqueada', en: 'account blocked' },
  bank_unavailable: { es: 'banco no disponible', en: 'bank unavailable' },
  second_factor_refused: { es: 'segundo factor rechazado', en: 'second factor refused' },
  second_factor_timed_out: { es: 'segundo factor sin respuesta', en: 'second factor timed out' },
  bank_session_expired: { es: 'sesión del banco expirada', en: 'bank session expired' },
  no_accounts: { es: 'sin cuentas para pagar', en: 'no account to pay from' },
  insufficient_funds: { es: 'saldo insuficiente', en: 'insufficient funds' },
  over_daily_limit: { es: 'sobre el límite diario', en: 'over the daily limit' },
  rejected: { es: 'rechazada', en: 'refused' },
  transfer_not_received: { es: 'transferencia no recibida', en: 'transfer not received' },
  cancelled_by_payer: { es: 'cancelado por el pagador', en: 'cancelled by the payer' },
  gone: { es: 'el comercio respondió 410', en: 'the merchant answered 410' },
  url_not_allowed: { es: 'URL no permitida', en: 'URL not allowed' },
  exhausted: { es: 'reintentos agotados', en: 'retries used up' },
  ok: { es: 'bien', en: 'ok' },
  completed: { es: 'completada', en: 'transfer completed' },
  error: { es: 'error', en: 'error' },
  timeout: { es: 'sin respuesta a tiempo', en: 'no answer in time' },
};

/** What a bank answered a call (the timeline's bank calls); `fault→x` is a call that threw, taken as x. */
const BANK_ANSWER: Record<string, Words> = {
  authorized: { es: 'autorizado', en: 'authorised' },
  blocked: { es: 'usuario bloqueado', en: 'user blocked' },
  denied: { es: 'autorización denegada', en: 'authorisation denied' },
  invalid: { es: 'no válido', en: 'not valid' },
  passed: { es: 'aprobado', en: 'approved' },
  redirect: { es: 'al sitio del banco', en: 'to the bank’s site' },
  refused: { es: 'rechazado', en: 'refused by the bank' },
  session_expired: { es: 'sesión expirada', en: 'session expired' },
  timed_out: { es: 'sin respuesta a tiempo', en: 'timed out' },
  unavailable: { es: 'no disponible', en: 'not available' },
  waiting: { es: 'esperando', en: 'still waiting' },
  wrong_answer: { es: 'respuesta incorrecta', en: 'wrong answer' },
  pending: { es: 'pendiente', en: 'pending' },
  unknown: { es: 'sin respuesta cierta', en: 'no certain answer' },
  not_found: { es: 'no encontrada', en: 'not found' },
};

const ENVIRONMENT: Record<string, Words> = {
  sandbox: { es: 'Sandbox', en: 'Sandbox' },
  production: { es: 'Producción', en: 'Production' },
};

/** Operator actions as the audit log records them (the code stays in the database and the CLI). */
const AUDIT_ACTION: Record<string, Words> = {
  login: { es: 'Inició sesión', en: 'Logged in' },
  'login.failed': { es: 'Inicio de sesión fallido', en: 'Failed login' },
  'login.limited': { es: 'Inicio de sesión bloqueado por intentos', en: 'Login blocked after many attempts' },
  logout: { es: 'Cerró sesión', en: 'Logged out' },
  'operator.create': { es: 'Creó un operador', en: 'Created an operator' },
  'operator.disable': { es: 'Desactivó un operador', en: 'Disabled an operator' },
  'operator.enable': { es: 'Reactivó un operador', en: 'Enabled an operator' },
  'operator.role': { es: 'Cambió el rol de un operador', en: "Changed an operator's role" },
  'operator.reset_second_factor': {
    es: 'Reinició el segundo factor de un operador',
    en: "Reset an operator's second factor",
  },
  'second_factor.enrol': { es: 'Activó su segundo factor', en: 'Set up a second factor' },
  'second_factor.verify': { es: 'Ingresó el segundo factor', en: 'Gave the second factor' },
  'second_factor.recovery_code': {
    es: 'Ingresó con un código de recuperación',
    en: 'Got in with a recovery code',
  },
  'second_factor.failed': { es: 'Segundo factor incorrecto', en: 'Wrong second factor' },
  'second_factor.limited': {
    es: 'Segundo factor bloqueado por intentos',
    en: 'Second factor blocked after many attempts',
  },
  'merchant.create': { es: 'Creó un comercio', en: 'Created a merchant' },
  'merchant.update': { es: 'Modificó un comercio', en: 'Changed a merchant' },
  'merchant.suspend': { es: 'Suspendió un comercio', en: 'Suspended a merchant' },
  'merchant.activate': { es: 'Reactivó un comercio', en: 'Reactivated a merchant' },
  'merchant.rotate_token': { es: 'Emitió un nuevo token', en: 'Issued a new token' },
  'payment.view': { es: 'Vio un pago', en: 'Viewed a payment' },
  'payment.review_paid': { es: 'Revisión: dinero recibido', en: 'Review: money received' },
  'payment.review_not_paid': { es: 'Revisión: sin cargo', en: 'Review: nothing charged' },
  'payments.export': { es: 'Exportó pagos (CSV)', en: 'Exported payments (CSV)' },
  'delivery.resend': { es: 'Reenvió webhooks', en: 'Resent webhooks' },
};

const ROLE: Record<OperatorRole, Words> = {
  viewer: { es: 'Lector', en: 'Viewer' },
  operator: { es: 'Operador', en: 'Operator' },
  admin: { es: 'Administrador', en: 'Administrator' },
};

const BANK = new Map<string, string>(BANKS.map((bank) => [bank.code, bank.name]));

/** Every table, for the tests that compare the two languages. */
export const LABEL_TABLES: Readonly<Record<string, Readonly<Record<string, Words>>>> = {
  PAYMENT_STATUS,
  PAYMENT_STEP,
  FUNNEL_STATE,
  FUNNEL_EVENT,
  DELIVERY_STATUS,
  REASON,
  BANK_ANSWER,
  ENVIRONMENT,
  AUDIT_ACTION,
  ROLE,
};

const lookup = (table: Record<string, Words>, code: string, language: Language) =>
  Object.hasOwn(table, code) ? (table[code] as Words)[language] : code;

export const paymentStatusLabel = (status: string, language: Language) =>
  lookup(PAYMENT_STATUS, status, language);
export const paymentStepLabel = (step: string, language: Language) => lookup(PAYMENT_STEP, step, language);
export const funnelStateLabel = (state: string, language: Language) => lookup(FUNNEL_STATE, state, language);
/** A timeline step: a state machine event (older rows may name the step reached instead). */
export const funnelEventLabel = (event: string, language: Language) =>
  Object.hasOwn(FUNNEL_EVENT, event)
    ? lookup(FUNNEL_EVENT, event, language)
    : lookup(PAYMENT_STEP, event, language);
export const deliveryStatusLabel = (status: string, language: Language) =>
  lookup(DELIVERY_STATUS, status, language);
export const environmentLabel = (environment: string, language: Language) =>
  lookup(ENVIRONMENT, environment, language);
export const auditActionLabel = (action: string, language: Language) =>
  lookup(AUDIT_ACTION, action, language);
/** A RUT as Chileans write it (`12.345.678-5`), or as stored when it does not parse. */
export const roleLabel = (role: string, language: Language) => lookup(ROLE, role, language);

export const rutLabel = (rut: string) => {
  const parsed = parseRut(rut);
  return parsed ? formatRut(parsed) : rut;
};
/** Banks go by their own names in both languages. */
export const bankLabel = (code: string | null) => (code ? (BANK.get(code) ?? code) : '—');

/** An outcome as the timeline records it: a final status, a step reached, a reason, or a bank-call result. */
export function outcomeLabel(outcome: string, language: Language): string {
  // The accounts a bank listed: `ok:3`.
  const accounts = /^ok:(\d+)$/.exec(outcome)?.[1];
  if (accounts !== undefined) return `${language === 'es' ? 'cuentas' : 'accounts'}: ${accounts}`;
  if (outcome.startsWith('fault→')) {
    return `${language === 'es' ? 'falla' : 'fault'} → ${outcomeLabel(outcome.slice('fault→'.length), language)}`;
  }
  for (const table of [PAYMENT_STATUS, PAYMENT_STEP, REASON, BANK_ANSWER] as Record<string, Words>[]) {
    if (Object.hasOwn(table, outcome)) return (table[outcome] as Words)[language];
  }
  return outcome;
}

/** A payment's status as a badge (the class keeps the code, for colour). */
export function paymentStatusBadge(status: string, language: Language): Html {
  return html`<span class="badge ${status}">${paymentStatusLabel(status, language)}</span>`;
}

export function deliveryStatusBadge(status: string, language: Language): Html {
  return html`<span class="badge ${status}">${deliveryStatusLabel(status, language)}</span>`;
}

export function reasonBadge(reason: string, language: Language): Html {
  return html`<span class="badge failed">${outcomeLabel(reason, language)}</span>`;
}
