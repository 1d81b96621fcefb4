import type { SqlExecutor } from './database.ts';

/**
 * Where a payment's final status change leaves its notification event. It is called with the same
 * transaction that changes the status, so the event exists if and only if the change committed: no crash,
 * restart or deploy can lose it, and a rolled-back change leaves nothing behind.
 *
 * Only sessions in which the payer chose a bank (they have a `payment_token`) produce events.
 *
 * @example
 *   await db.transaction(async (tx) => {
 *     await tx.query("update payment_sessions set payment_status = 'success' where id = $1", [id]);
 *     await paymentEvents.recordStatusChange(tx, { sessionId: id, status: 'success' });
 *   });
 */
export interface PaymentEvents {
  recordStatusChange(
    tx: SqlExecutor,
    change: { sessionId: number; status: 'success' | 'error' | 'cancelled' | 'expired' },
  ): Promise<void>;
}

/** Records nothing: for deployments and tests that do not notify. */
export const NO_PAYMENT_EVENTS: PaymentEvents = {
  async recordStatusChange() {},
};
