import { BANKS } from '../../domain/banks.ts';
import type { OperatorRole } from '../../domain/operator-role.ts';
import type { PaymentStatus, PaymentStep } from '../../domain/payment.ts';
import type { FunnelEvent, FunnelState } from '../../domain/payment-state-machine.ts';
import { formatRut, parseRut } from '../../domain/rut.ts';
import type { DeliveryStatus } from '../../domain/webhooks/delivery.ts';
import { type Html, html } from '../html.ts';

/**
 * Every code the back-office shows, in the operator's words: payment statuses, steps, funnel states and
 * events, webhook delivery statuses, failure reasons and banks. The one place for these labels; a code not
 * listed (a new one) is shown as it is rather than hidden.
 */
const PAYMENT_STATUS: Record<PaymentStatus, string> = {
  pending: 'Pendiente',
  success: 'Exitoso',
  error: 'Con error',
  cancelled: 'Cancelado',
  expired: 'Expirado',
};

const PAYMENT_STEP: Record<PaymentStep, string> = {
  created: 'Sesión creada',
  bank_selected: 'Banco elegido',
  logged_in: 'Ingresó al banco',
  second_factor_passed: 'Segundo factor aprobado',
  account_selected: 'Cuenta elegida',
  transfer_submitted: 'Transferencia enviada',
  transfer_confirmed: 'Transferencia confirmada',
  awaiting_transfer: 'Esperando transferencia directa',
};

const FUNNEL_STATE: Record<FunnelState, string> = {
  choosing_bank: 'eligiendo banco',
  logging_in: 'ingresando al banco',
  second_factor: 'segundo factor',
  choosing_account: 'eligiendo cuenta',
  confirming: 'confirmando',
  transferring: 'transfiriendo',
  needs_review: 'por revisar',
  leaving_for_bank: 'yendo al banco (finanzas abiertas)',
  authorizing_at_bank: 'autorizando en el banco',
  returned_from_bank: 'de vuelta del banco',
  awaiting_transfer: 'esperando transferencia directa',
  attempt_failed: 'intento fallido',
  succeeded: 'pagado',
  failed: 'fallido',
  cancelled: 'cancelado',
  expired: 'expirado',
};

const FUNNEL_EVENT: Record<FunnelEvent, string> = {
  choose_bank: 'Eligió banco',
  change_bank: 'Volvió a la elección de banco',
  choose_open_finance_bank: 'Eligió banco (finanzas abiertas)',
  authorization_started: 'Consentimiento creado: autorización en el banco',
  returned_from_bank: 'Volvió del banco con la autorización',
  login_succeeded: 'Ingreso aceptado',
  login_rejected: 'Clave rechazada',
  login_attempts_exhausted: 'Intentos de clave agotados',
  attempt_failed: 'Intento fallido',
  second_factor_passed: 'Segundo factor aprobado',
  account_chosen: 'Eligió cuenta',
  transfer_submitted: 'Transferencia enviada',
  transfer_completed: 'Transferencia confirmada',
  transfer_refused: 'Transferencia rechazada por el banco',
  transfer_rejected: 'Transferencia rechazada tras la revisión',
  transfer_lost: 'El banco no reconoce la transferencia: a revisión',
  review_paid: 'Revisión: el dinero llegó',
  review_not_paid: 'Revisión: no hubo cargo',
  choose_direct_transfer: 'Eligió transferencia directa',
  movement_matched: 'Movimiento de la cartola conciliado',
  cancel: 'Pago cancelado',
  expire: 'Sesión expirada',
};

const DELIVERY_STATUS: Record<DeliveryStatus, string> = {
  pending: 'Por entregar',
  delivering: 'Entregando',
  delivered: 'Entregado',
  failed: 'Fallido',
  skipped: 'No enviado',
};

/** Failure reasons of attempts and deliveries, and bank-call outcomes. */
const REASON: Record<string, string> = {
  wrong_password: 'clave incorrecta',
  account_blocked: 'cuenta bloqueada',
  bank_unavailable: 'banco no disponible',
  second_factor_refused: 'segundo factor rechazado',
  second_factor_timed_out: 'segundo factor sin respuesta',
  bank_session_expired: 'sesión del banco expirada',
  no_accounts: 'sin cuentas para pagar',
  insufficient_funds: 'saldo insuficiente',
  over_daily_limit: 'sobre el límite diario',
  rejected: 'rechazada',
  transfer_not_received: 'transferencia no recibida',
  cancelled_by_payer: 'cancelado por el pagador',
  gone: 'el comercio respondió 410',
  url_not_allowed: 'URL no permitida',
  exhausted: 'reintentos agotados',
  ok: 'bien',
  completed: 'completada',
  error: 'error',
  timeout: 'sin respuesta a tiempo',
};

const BANK = new Map<string, string>(BANKS.map((bank) => [bank.code, bank.name]));

const lookup = (table: Record<string, string>, code: string) =>
  Object.hasOwn(table, code) ? (table[code] as string) : code;

export const paymentStatusLabel = (status: string) => lookup(PAYMENT_STATUS, status);
export const paymentStepLabel = (step: string) => lookup(PAYMENT_STEP, step);
export const funnelStateLabel = (state: string) => lookup(FUNNEL_STATE, state);
/** A timeline step: a state machine event (older rows may name the step reached instead). */
export const funnelEventLabel = (event: string) =>
  Object.hasOwn(FUNNEL_EVENT, event) ? lookup(FUNNEL_EVENT, event) : lookup(PAYMENT_STEP, event);
export const deliveryStatusLabel = (status: string) => lookup(DELIVERY_STATUS, status);
/** A RUT as Chileans write it (`12.345.678-5`), or as stored when it does not parse. */
export const rutLabel = (rut: string) => {
  const parsed = parseRut(rut);
  return parsed ? formatRut(parsed) : rut;
};
export const environmentLabel = (environment: string) =>
  environment === 'sandbox' ? 'Sandbox' : environment === 'production' ? 'Producción' : environment;
export const bankLabel = (code: string | null) => (code ? (BANK.get(code) ?? code) : '—');

/** An outcome as the timeline records it: a final status, a step reached, a reason, or a bank-call result. */
export function outcomeLabel(outcome: string): string {
  for (const table of [PAYMENT_STATUS, PAYMENT_STEP, REASON] as Record<string, string>[]) {
    if (Object.hasOwn(table, outcome)) return table[outcome] as string;
  }
  return outcome;
}

/** A payment's status as a badge (the class keeps the code, for colour). */
export function paymentStatusBadge(status: string): Html {
  return html`<span class="badge ${status}">${paymentStatusLabel(status)}</span>`;
}

export function deliveryStatusBadge(status: string): Html {
  return html`<span class="badge ${status}">${deliveryStatusLabel(status)}</span>`;
}

export function reasonBadge(reason: string): Html {
  return html`<span class="badge failed">${outcomeLabel(reason)}</span>`;
}

const ROLE: Record<OperatorRole, string> = { viewer: 'Lector', operator: 'Operador', admin: 'Administrador' };
export const roleLabel = (role: string) => lookup(ROLE, role);
