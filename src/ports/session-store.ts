import type { NewPaymentSession, PaymentSession } from '../domain/session.ts';

export interface SessionQuery {
  merchantId: number;
  paymentToken?: string;
  merchantOrderId?: string;
  sessionToken?: string;
}

/**
 * Payment sessions. For a merchant with *one payment per order*, creating a session for an order that
 * already has a successful payment is refused inside the same statement, so no check-then-insert race can
 * slip a session in after the payment. Otherwise every session is its own payment (DESIGN §2.1).
 *
 * @example
 *   const created = await sessions.create(newSession, { onePaymentPerOrder: merchant.onePaymentPerOrder });
 *   if (created === 'order_already_paid') throw new PuenteError('order_already_paid', ...);
 */
export interface SessionStore {
  create(
    session: NewPaymentSession,
    policy: { onePaymentPerOrder: boolean },
  ): Promise<PaymentSession | 'order_already_paid'>;
  findByToken(token: string): Promise<PaymentSession | null>;
  /** The merchant's sessions matching every given criterion, newest first. */
  search(query: SessionQuery, limit?: number): Promise<PaymentSession[]>;
}
