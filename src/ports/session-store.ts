import type { NewPaymentSession, PaymentSession } from '../domain/session.ts';

export interface SessionQuery {
  merchantId: number;
  paymentToken?: string;
  merchantOrderId?: string;
  sessionToken?: string;
}

/**
 * Payment sessions. Creating one for an order that already has a successful payment is refused inside the
 * same statement, so no check-then-insert race can slip a session in after the payment.
 *
 * @example
 *   const created = await sessions.create(newSession);
 *   if (created === 'order_already_paid') throw new PuenteError('order_already_paid', ...);
 */
export interface SessionStore {
  create(session: NewPaymentSession): Promise<PaymentSession | 'order_already_paid'>;
  findByToken(token: string): Promise<PaymentSession | null>;
  /** The merchant's sessions matching every given criterion, newest first. */
  search(query: SessionQuery, limit?: number): Promise<PaymentSession[]>;
}
