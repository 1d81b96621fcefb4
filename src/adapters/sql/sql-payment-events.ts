import { randomUUID } from 'node:crypto';
import type { Environment } from '../../domain/banks.ts';
import type { SkipReason } from '../../domain/webhooks/delivery.ts';
import type { SqlExecutor } from '../../ports/database.ts';
import type { PaymentEvents } from '../../ports/payment-events.ts';
import { paymentClaims, signPaymentJwt } from '../crypto/payment-jwt.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { SESSION_COLUMNS, toPaymentSession } from './sql-session-store.ts';
import { WEBHOOK_CHANNEL } from './webhook-wakeups.ts';

/**
 * The webhook outbox. In the caller's transaction it signs the notification once (the JWT and its `jti` are
 * stored, so every retry sends the same bytes) and queues a delivery to the session's webhook URL, due at
 * once. Sessions in which the payer never chose a bank, or without a webhook URL, get a `skipped` delivery
 * that says why, so the operator can see that nothing was sent and why.
 */
export class SqlPaymentEvents implements PaymentEvents {
  constructor(
    private readonly secretBox: SecretBox,
    /** Wait before the first attempt, the schedule's first entry (normally 0). */
    private readonly firstDelayMs = 0,
  ) {}

  async recordStatusChange(
    tx: SqlExecutor,
    change: { sessionId: number; status: 'success' | 'error' | 'cancelled' | 'expired' },
  ): Promise<void> {
    const [row] = await tx.query<Parameters<typeof toPaymentSession>[0]>(
      `select ${SESSION_COLUMNS} from payment_sessions where id = $1`,
      [change.sessionId],
    );
    if (!row) throw new Error(`payment session ${change.sessionId} does not exist`);
    const session = toPaymentSession(row);
    if (session.paymentStatus !== change.status) {
      throw new Error(
        `payment session ${change.sessionId} is ${session.paymentStatus}, not ${change.status}: ` +
          'record the event after updating the status, in the same transaction',
      );
    }
    const [merchant] = await tx.query<{ code: string; environment: Environment }>(
      'select code, environment from merchants where id = $1',
      [session.merchantId],
    );
    if (!merchant) throw new Error(`merchant ${session.merchantId} does not exist`);

    const jti = randomUUID();
    const jwt = await signPaymentJwt(
      paymentClaims(session, merchant),
      this.secretBox.open(session.signatureTokenSealed),
      { jti },
    );
    const skipReason: SkipReason | null = !session.paymentToken
      ? 'no_payment_token'
      : !session.webhookUrl
        ? 'no_webhook_url'
        : null;

    // One statement; a second call for the same change (a retried request) adds nothing.
    await tx.query(
      `with event as (
         insert into webhook_events (session_id, payment_status, jti, jwt) values ($1, $2, $3, $4)
         on conflict (session_id, payment_status) do nothing
         returning id)
       insert into webhook_deliveries (event_id, url, status, skip_reason, next_attempt_at)
       select id, $5, case when $6::text is null then 'pending' else 'skipped' end, $6::text,
              case when $6::text is null then now() + make_interval(secs => $7::double precision / 1000) end
       from event`,
      [change.sessionId, change.status, jti, jwt, session.webhookUrl, skipReason, this.firstDelayMs],
    );
    // Wakes idle workers when this transaction commits (PostgreSQL delivers notifications on commit only).
    await tx.query(`select pg_notify('${WEBHOOK_CHANNEL}', '')`);
  }
}
