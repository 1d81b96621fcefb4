import { randomUUID } from 'node:crypto';
import type { AttemptOutcome, AttemptResult, DeliveryStatus } from '../../domain/webhooks/delivery.ts';
import type { SqlExecutor } from '../../ports/database.ts';
import type {
  ClaimedDelivery,
  ResendTarget,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStore,
} from '../../ports/webhook-deliveries.ts';
import { WEBHOOK_CHANNEL } from './webhook-wakeups.ts';

interface DeliveryRow {
  id: number;
  event_id: number;
  session_id: number;
  session_token: string;
  payment_token: string | null;
  payment_status: WebhookDelivery['paymentStatus'];
  jti: string;
  url: string | null;
  status: DeliveryStatus;
  skip_reason: WebhookDelivery['skipReason'];
  failure_reason: WebhookDelivery['failureReason'];
  attempt_count: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const DELIVERY_VIEW = `
  select d.id, d.event_id, e.session_id, s.token as session_token, s.payment_token, e.payment_status, e.jti,
         d.url, d.status, d.skip_reason, d.failure_reason, d.attempt_count, d.next_attempt_at,
         d.last_status_code, d.last_error, d.delivered_at, d.created_at, d.updated_at
  from webhook_deliveries d
  join webhook_events e on e.id = d.event_id
  join payment_sessions s on s.id = e.session_id`;

// Nothing in flight (delivering) is touched, and a skipped delivery has nowhere to go.
const REQUEUE = `
  update webhook_deliveries
  set status = 'pending', schedule_step = 0, failure_reason = null, next_attempt_at = now(), updated_at = now()
  where status in ('pending', 'delivered', 'failed')`;

export class SqlWebhookDeliveryStore implements WebhookDeliveryStore {
  constructor(private readonly db: SqlExecutor) {}

  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const claimToken = randomUUID();
    const rows = await this.db.query<{
      id: number;
      url: string;
      jwt: string;
      jti: string;
      schedule_step: number;
      attempt_count: number;
      environment: 'sandbox' | 'production';
    }>(
      `with due as (
         select id from webhook_deliveries
         where status = 'pending' and next_attempt_at <= now()
         order by next_attempt_at
         limit $1
         for update skip locked
       ), claimed as (
         update webhook_deliveries d
         set status = 'delivering', claim_token = $3, updated_at = now(),
             lease_expires_at = now() + make_interval(secs => $2::double precision / 1000)
         from due where d.id = due.id
         returning d.id, d.event_id, d.url, d.schedule_step, d.attempt_count
       )
       select c.id, c.url, c.schedule_step, c.attempt_count, e.jwt, e.jti, m.environment
       from claimed c
       join webhook_events e on e.id = c.event_id
       join payment_sessions s on s.id = e.session_id
       join merchants m on m.id = s.merchant_id`,
      [limit, leaseMs, claimToken],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      url: row.url,
      jwt: row.jwt,
      jti: row.jti,
      scheduleStep: row.schedule_step,
      attemptCount: row.attempt_count,
      merchantEnvironment: row.environment,
      claimToken,
    }));
  }

  async recordAttempt(
    claim: ClaimedDelivery,
    result: AttemptResult,
    outcome: AttemptOutcome,
  ): Promise<boolean> {
    const [row] = await this.db.query<{ updated: number }>(
      `with updated as (
         update webhook_deliveries
         set status = $3, failure_reason = $4, next_attempt_at = $5,
             schedule_step = schedule_step + 1, attempt_count = attempt_count + 1,
             lease_expires_at = null, claim_token = null,
             last_status_code = $6, last_error = $7,
             delivered_at = case when $3 = 'delivered' then now() else delivered_at end,
             updated_at = now()
         where id = $1 and claim_token = $2 and status = 'delivering'
         returning id
       ), attempt as (
         insert into webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt)
         values ($1, $8, $6, $9, $7, $10)
       )
       select count(*)::int as updated from updated`,
      [
        claim.id,
        claim.claimToken,
        outcome.status,
        outcome.status === 'failed' ? outcome.reason : null,
        outcome.status === 'pending' ? outcome.nextAttemptAt : null,
        result.statusCode,
        withoutNul(result.error),
        result.attemptedAt,
        result.latencyMs,
        withoutNul(result.responseExcerpt),
      ],
    );
    return (row?.updated ?? 0) > 0;
  }

  async releaseExpiredLeases(): Promise<number> {
    const rows = await this.db.query(
      `update webhook_deliveries
       set status = 'pending', next_attempt_at = now(), lease_expires_at = null, claim_token = null,
           updated_at = now()
       where status = 'delivering' and lease_expires_at < now()
       returning id`,
    );
    return rows.length;
  }

  async releaseAllLeases(): Promise<number> {
    const rows = await this.db.query(
      `update webhook_deliveries
       set status = 'pending', next_attempt_at = now(), lease_expires_at = null, claim_token = null,
           updated_at = now()
       where status = 'delivering'
       returning id`,
    );
    return rows.length;
  }

  async resend(target: ResendTarget): Promise<WebhookDelivery[]> {
    let rows: { id: number }[];
    if ('deliveryId' in target) {
      rows = await this.db.query(`${REQUEUE} and id = $1 returning id`, [target.deliveryId]);
    } else if ('sessionToken' in target) {
      rows = await this.db.query(
        `${REQUEUE} and event_id in (
           select e.id from webhook_events e join payment_sessions s on s.id = e.session_id
           where s.token = $1)
         returning id`,
        [target.sessionToken],
      );
    } else {
      rows = await this.db.query(`${REQUEUE} and status = 'failed' returning id`);
    }
    if (rows.length === 0) return [];
    await this.db.query(`select pg_notify('${WEBHOOK_CHANNEL}', '')`);
    const found = await this.db.query<DeliveryRow>(`${DELIVERY_VIEW} where d.id = any($1) order by d.id`, [
      rows.map((row) => row.id),
    ]);
    return found.map(toDelivery);
  }

  async findById(id: number): Promise<WebhookDelivery | null> {
    const [row] = await this.db.query<DeliveryRow>(`${DELIVERY_VIEW} where d.id = $1`, [id]);
    return row ? toDelivery(row) : null;
  }

  async listBySession(sessionToken: string): Promise<WebhookDelivery[]> {
    const rows = await this.db.query<DeliveryRow>(`${DELIVERY_VIEW} where s.token = $1 order by d.id`, [
      sessionToken,
    ]);
    return rows.map(toDelivery);
  }

  async list(filter: { status?: DeliveryStatus; limit?: number }): Promise<WebhookDelivery[]> {
    const rows = await this.db.query<DeliveryRow>(
      `${DELIVERY_VIEW} where ($1::text is null or d.status = $1) order by d.id desc limit $2`,
      [filter.status ?? null, filter.limit ?? 100],
    );
    return rows.map(toDelivery);
  }

  async attempts(deliveryId: number): Promise<WebhookAttempt[]> {
    const rows = await this.db.query<{
      id: number;
      attempted_at: Date;
      status_code: number | null;
      latency_ms: number;
      error: string | null;
      response_excerpt: string | null;
    }>(
      `select id, attempted_at, status_code, latency_ms, error, response_excerpt
       from webhook_attempts where delivery_id = $1 order by id`,
      [deliveryId],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      attemptedAt: row.attempted_at,
      statusCode: row.status_code,
      latencyMs: row.latency_ms,
      error: row.error,
      responseExcerpt: row.response_excerpt,
    }));
  }
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: Number(row.id),
    eventId: Number(row.event_id),
    sessionId: Number(row.session_id),
    sessionToken: row.session_token,
    paymentToken: row.payment_token,
    paymentStatus: row.payment_status,
    jti: row.jti,
    url: row.url,
    status: row.status,
    skipReason: row.skip_reason,
    failureReason: row.failure_reason,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** PostgreSQL text cannot hold NUL; a receiver's answer may. */
function withoutNul(text: string | null): string | null {
  return text === null ? null : text.replaceAll('\u0000', '\uFFFD');
}
