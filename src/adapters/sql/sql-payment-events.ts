import { randomUUID } from 'node:crypto';
import type { Merchant } from '../../domain/merchant.ts';
import type { PaymentSession } from '../../domain/session.ts';
import { dueAtOnce, type PaymentEvent, type PaymentEvents } from '../../ports/payment-events.ts';
import type { PaymentJwtSigner } from '../../ports/secrets.ts';
import { WEBHOOK_CHANNEL } from './webhook-wakeups.ts';

/**
 * The webhook outbox. It signs the notification once (the JWT and its `jti` are stored, so every retry sends
 * the same bytes) and queues a delivery to the session's webhook URL, due at once. Sessions in which the
 * payer never chose a bank, or without a webhook URL, get a `skipped` delivery that says why, so the
 * operator can see that nothing was sent and why.
 */
export class SqlPaymentEvents implements PaymentEvents {
  constructor(
    private readonly signer: PaymentJwtSigner,
    /** Wait before the first attempt, the schedule's first entry (normally 0). */
    private readonly firstDelayMs = 0,
  ) {}

  async eventFor(session: PaymentSession, merchant: Pick<Merchant, 'code'>): Promise<PaymentEvent> {
    const status = session.paymentStatus;
    if (status === 'pending') throw new Error(`payment session ${session.id} has no final status to notify`);
    const jti = randomUUID();
    const jwt = await this.signer.sign(session, merchant, { jti });
    return {
      sessionId: session.id,
      status,
      jti,
      jwt,
      url: session.webhookUrl,
      skipReason: !session.paymentToken ? 'no_payment_token' : !session.webhookUrl ? 'no_webhook_url' : null,
      firstDelayMs: this.firstDelayMs,
    };
  }
}

/**
 * The outbox write as common table expressions, for a caller to put in its own statement: the event (a
 * second one for the same session and status adds nothing), its delivery, and a wake-up of idle workers
 * (PostgreSQL delivers it when the statement's transaction commits). With `gate`, the name of an earlier
 * expression of the same statement, the event is written only if that expression returned a row.
 * With `claim` (a worker of this process will attempt it at once, `WebhookHandoff`), a delivery that is due
 * now is written `delivering` under that claim and lease, as `claimDue` leaves one, and wakes no worker.
 * `results` are select-list items the statement must include: the wake-up is evaluated only through them,
 * and `claimed_delivery` is the id of the delivery written under `claim` (null when none was).
 */
export function outboxSql(
  event: PaymentEvent,
  value: (item: unknown) => string,
  gate?: string,
  claim?: { claimToken: string; leaseMs: number } | null,
): { ctes: string; results: string[] } {
  const skip = value(event.skipReason);
  const claimed = claim && dueAtOnce(event) ? claim : null;
  const status = claimed ? "'delivering'" : "'pending'";
  return {
    ctes: `outbox_event as (
         insert into webhook_events (session_id, payment_status, jti, jwt)
         select ${value(event.sessionId)}::bigint, ${value(event.status)}::text, ${value(event.jti)}::text,
           ${value(event.jwt)}::text ${gate ? `from ${gate}` : ''}
         on conflict (session_id, payment_status) do nothing
         returning id),
       outbox_delivery as (
         insert into webhook_deliveries (event_id, url, status, skip_reason, next_attempt_at, claim_token,
           lease_expires_at)
         select id, ${value(event.url)}::text, case when ${skip}::text is null then ${status} else 'skipped' end,
           ${skip}::text,
           case when ${skip}::text is null
             then now() + make_interval(secs => ${value(event.firstDelayMs)}::double precision / 1000) end,
           ${claimed ? `${value(claimed.claimToken)}::text` : 'null'},
           ${claimed ? `now() + make_interval(secs => ${value(claimed.leaseMs)}::double precision / 1000)` : 'null'}
         from outbox_event
         returning id, status),
       outbox_wake as (
         select pg_notify('${WEBHOOK_CHANNEL}', '') from outbox_delivery where status = 'pending')`,
    results: [
      '(select count(*) from outbox_wake) as workers_woken',
      "(select id from outbox_delivery where status = 'delivering') as claimed_delivery",
    ],
  };
}
