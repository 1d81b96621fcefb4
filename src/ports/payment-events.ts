import type { Merchant } from '../domain/merchant.ts';
import type { FinalPaymentStatus } from '../domain/payment.ts';
import type { PaymentSession } from '../domain/session.ts';
import type { SkipReason } from '../domain/webhooks/delivery.ts';
import type { SqlExecutor } from './database.ts';

/**
 * A payment's notification, signed once: every retry and resend sends these bytes (and this `jti`).
 * `skipReason` says why nothing will be sent (no `payment_token`: the payer never chose a bank; or no
 * webhook URL); the event is kept all the same, so the operator sees it.
 */
export interface PaymentEvent {
  sessionId: number;
  status: FinalPaymentStatus;
  jti: string;
  jwt: string;
  url: string | null;
  skipReason: SkipReason | null;
  /** Wait before the first attempt (the retry schedule's first entry, normally 0). */
  firstDelayMs: number;
}

/**
 * Where a payment's final status change leaves its notification event. The event is written by the same
 * statement or transaction that changes the status, so it exists if and only if the change committed: no
 * crash, restart or deploy can lose it, and a rolled-back change leaves nothing behind.
 *
 * @example
 *   // The funnel store signs the event from the session as it will be, then writes both at once:
 *   const event = await paymentEvents.eventFor(sessionAfter, merchant);
 *   // Code that changes a status inside its own transaction records it there:
 *   await db.transaction(async (tx) => {
 *     await tx.query("update payment_sessions set payment_status = 'success' where id = $1", [id]);
 *     await paymentEvents.recordStatusChange(tx, { sessionId: id, status: 'success' });
 *   });
 */
export interface PaymentEvents {
  /** Signs the event of `session`, given as it is once its final status is written; null: nothing to record. */
  eventFor(session: PaymentSession, merchant: Pick<Merchant, 'code'>): Promise<PaymentEvent | null>;
  /** Reads the session in `tx`, after its status changed there, and records its event in `tx`. */
  recordStatusChange(
    tx: SqlExecutor,
    change: { sessionId: number; status: FinalPaymentStatus },
  ): Promise<void>;
}

/** Records nothing: for deployments and tests that do not notify. */
export const NO_PAYMENT_EVENTS: PaymentEvents = {
  async eventFor() {
    return null;
  },
  async recordStatusChange() {},
};
