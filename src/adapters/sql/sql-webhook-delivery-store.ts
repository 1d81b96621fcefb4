import { randomUUID } from 'node:crypto';
import type { AttemptOutcome, AttemptResult, DeliveryStatus } from '../../domain/webhooks/delivery.ts';
import type { SqlExecutor } from '../../ports/database.ts';
import type {
  ClaimedDelivery,
  RecordedAttempt,
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
      // Prepared: planning this statement cost several times its execution, and every payment claims.
      { name: 'webhook-claim-due' },
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
    const recorded = await this.recordAttempts([{ claim, result, outcome }]);
    return recorded.has(claim.id);
  }

  async recordAttempts(batch: readonly RecordedAttempt[]): Promise<Set<number>> {
    if (batch.length === 0) return new Set();
    const column = <T>(pick: (attempt: RecordedAttempt) => T) => batch.map(pick);
    // One statement for the whole batch: under load, results are written in groups, not one by one.
    const rows = await this.db.query<{ id: number }>(
      `with input as (
         select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int[],
                              $7::text[], $8::timestamptz[], $9::int[], $10::text[])
           as i(id, claim_token, status, failure_reason, next_attempt_at, status_code, error, attempted_at,
                latency_ms, response_excerpt)
       ), updated as (
         update webhook_deliveries d
         set status = i.status, failure_reason = i.failure_reason, next_attempt_at = i.next_attempt_at,
             schedule_step = d.schedule_step + 1, attempt_count = d.attempt_count + 1,
             lease_expires_at = null, claim_token = null,
             last_status_code = i.status_code, last_error = i.error,
             delivered_at = case when i.status = 'delivered' then now() else d.delivered_at end,
             updated_at = now()
         from input i
         where d.id = i.id and d.claim_token = i.claim_token and d.status = 'delivering'
         returning d.id
       ), attempt as (
         -- Recorded even when the claim was lost: the attempt did happen.
         insert into webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt)
         select id, attempted_at, status_code, latency_ms, error, response_excerpt from input
       )
       select id from updated`,
      [
        column((a) => a.claim.id),
        column((a) => a.claim.claimToken),
        column((a) => a.outcome.status),
        column((a) => (a.outcome.status === 'failed' ? a.outcome.reason : null)),
        column((a) => (a.outcome.status === 'pending' ? a.outcome.nextAttemptAt.toISOString() : null)),
        column((a) => a.result.statusCode),
        column((a) => withoutNul(a.result.error)),
        column((a) => a.result.attemptedAt.toISOString()),
        column((a) => a.result.latencyMs),
        column((a) => withoutNul(a.result.responseExcerpt)),
      ],
      { name: 'webhook-record-attempts' },
    );
    return new Set(rows.map((row) => Number(row.id)));
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
