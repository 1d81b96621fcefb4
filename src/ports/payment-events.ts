import type { Merchant } from '../domain/merchant.ts';
import type { FinalPaymentStatus } from '../domain/payment.ts';
import type { PaymentSession } from '../domain/session.ts';
import type { SkipReason } from '../domain/webhooks/delivery.ts';

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
 * An event whose delivery is due at once, to a URL: the one a worker of the writing process can be handed
 * (`WebhookHandoff`) and the statement can write already claimed.
 */
export function dueAtOnce(event: PaymentEvent): event is PaymentEvent & { url: string } {
  return event.url !== null && event.skipReason === null && event.firstDelayMs === 0;
}

/**
 * The notification event of a payment's final status. It is signed here and written by the same statement
 * that changes the status (the funnel store's `write`), so it exists if and only if the change committed:
 * no crash, restart or deploy can lose it, and a change that is not written leaves nothing behind.
 *
 * @example
 *   const event = await paymentEvents.eventFor(sessionAfter, merchant);
 *   await funnels.write(step, { bankCalls, event });
 */
export interface PaymentEvents {
  /** Signs the event of `session`, given as it is once its final status is written. */
  eventFor(session: PaymentSession, merchant: Pick<Merchant, 'code'>): Promise<PaymentEvent | null>;
}
