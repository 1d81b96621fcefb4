import type { BankCode } from '../../domain/banks.ts';
import type { BankConnectors } from '../../ports/bank-connector.ts';
import type { BankLoginThrottle } from '../../ports/bank-login-throttle.ts';
import type { DirectTransferStore } from '../../ports/direct-transfer-store.ts';
import type { PaymentEvents } from '../../ports/payment-events.ts';
import type { BankCallRecord, PaymentFunnelStore } from '../../ports/payment-funnel-store.ts';
import type { RedirectBankConnectors } from '../../ports/redirect-bank-connector.ts';
import type { SecretSealer } from '../../ports/secrets.ts';
import type { WebhookHandoff } from '../../ports/webhook-deliveries.ts';
import type { StepResult } from './apply-step.ts';

/** What the funnel's use cases need, taken from `Services`. */
export interface FunnelDeps {
  funnels: PaymentFunnelStore;
  banks: BankConnectors;
  /** Failed bank logins across sessions: a payer held back never reaches the bank. */
  loginThrottle: BankLoginThrottle;
  /** The open-finance face of the banks that use it (`PUENTE_OPEN_FINANCE_BANKS`); null for the others. */
  redirectBanks: RedirectBankConnectors;
  /** The merchants' collecting accounts: where every payment Puente initiates is sent (`creditorFor`). */
  directTransfers: Pick<DirectTransferStore, 'collectingAccount'>;
  /** Seals bank session handles at rest. */
  sealer: SecretSealer;
  /** Signs the notification of a step that ends the payment, before it is written with the step. */
  paymentEvents: PaymentEvents;
  /** This process's webhook worker, which attempts a final step's webhook at once (null: none runs here). */
  webhookHandoff?: WebhookHandoff | null;
  /** A new `payment_token` (the payer starts with a bank). */
  newPaymentToken: () => string;
  settings: FunnelSettings;
  /** Told of every step taken or refused, e.g. so the HTTP layer knows where the payer now is. */
  onStep?: (result: StepResult) => void;
}

export interface FunnelSettings {
  /** Wrong passwords allowed per session; the last one ends the payment. */
  maxLoginAttempts: number;
  /** How long after an unclear answer (pending, timeout) the bank is asked again. */
  transferRecheckSeconds: number;
  /**
   * After this long, a transfer the bank says it never received is given up (no money moved). Must exceed
   * any bank call's timeout, so an answer still in flight is never mistaken for a lost transfer.
   */
  transferLostAfterSeconds: number;
  /** How often the bank is asked about a transfer under review (lost from sight; it may still book it). */
  reviewRecheckSeconds: number;
}

export const DEFAULT_FUNNEL_SETTINGS: FunnelSettings = {
  maxLoginAttempts: 3,
  transferRecheckSeconds: 5,
  transferLostAfterSeconds: 120,
  reviewRecheckSeconds: 60,
};

/** A bank call's answer, and its timeline row (timing and outcome, never the input) still to be written. */
export interface BankCall<T> {
  result: T;
  record: BankCallRecord;
}

/**
 * Calls the bank and times it. A thrown fault (network error, programming error) becomes `fallback`, which
 * callers choose so that it can never be read as success. The caller writes `record`: with the step the
 * answer leads to (`apply`'s `bankCalls`, one statement for both), or alone (`recordBankCall`).
 */
export async function callBank<T>(
  context: { sessionId: number; paymentToken: string | null; bankCode: BankCode },
  operation: BankCallRecord['operation'],
  call: () => Promise<T>,
  outcomeOf: (result: T) => string,
  fallback: T,
): Promise<BankCall<T>> {
  const started = performance.now();
  let result: T;
  let outcome: string;
  try {
    result = await call();
    outcome = outcomeOf(result);
  } catch {
    result = fallback;
    outcome = `fault→${outcomeOf(fallback)}`;
  }
  return { result, record: { ...context, operation, outcome, durationMs: performance.now() - started } };
}
