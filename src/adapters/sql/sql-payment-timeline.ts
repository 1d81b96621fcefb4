import type { DeliveryView, TimelineEntry } from '../../ports/back-office-reads.ts';
import type { SqlExecutor } from '../../ports/database.ts';

/**
 * One payment's story for the back-office: every funnel step and bank call (the funnel's
 * `payment_timeline`, migration 2) and every webhook delivery with each attempt (the notifier's tables,
 * migration 3). Read-only: this module owns none of those tables.
 */
export async function paymentTimeline(db: SqlExecutor, sessionId: number): Promise<TimelineEntry[]> {
  const rows = await db.query<Record<string, unknown>>(
    `select created_at, kind, name, bank_code, from_state, to_state, outcome, duration_ms, payment_token
       from payment_timeline where session_id = $1 order by id`,
    [sessionId],
  );
  return rows.map((row) => ({
    at: row.created_at as Date,
    kind: row.kind as 'step' | 'bank_call',
    name: String(row.name),
    bankCode: (row.bank_code as string | null) ?? null,
    fromState: (row.from_state as string | null) ?? null,
    toState: (row.to_state as string | null) ?? null,
    outcome: (row.outcome as string | null) ?? null,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    paymentToken: (row.payment_token as string | null) ?? null,
  }));
}

export async function paymentDeliveries(db: SqlExecutor, sessionId: number): Promise<DeliveryView[]> {
  const deliveries = await db.query<Record<string, unknown>>(
    `select d.id, e.payment_status as event_status, e.jti, d.url, d.status, d.skip_reason, d.failure_reason,
            d.attempt_count, d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at
       from webhook_deliveries d join webhook_events e on e.id = d.event_id
      where e.session_id = $1 order by d.id`,
    [sessionId],
  );
  return attachAttempts(db, deliveries.map(toDelivery));
}

export function toDelivery(row: Record<string, unknown>): DeliveryView {
  return {
    id: Number(row.id),
    eventStatus: String(row.event_status),
    jti: String(row.jti),
    url: (row.url as string | null) ?? null,
    status: String(row.status),
    skipReason: (row.skip_reason as string | null) ?? null,
    failureReason: (row.failure_reason as string | null) ?? null,
    attemptCount: Number(row.attempt_count),
    nextAttemptAt: (row.next_attempt_at as Date | null) ?? null,
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastError: (row.last_error as string | null) ?? null,
    deliveredAt: (row.delivered_at as Date | null) ?? null,
    createdAt: row.created_at as Date,
    attempts: [],
  };
}

/** Fills each delivery's attempts with one query. */
export async function attachAttempts(db: SqlExecutor, deliveries: DeliveryView[]): Promise<DeliveryView[]> {
  if (deliveries.length === 0) return deliveries;
  const rows = await db.query<Record<string, unknown>>(
    `select delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt
       from webhook_attempts where delivery_id = any($1::bigint[]) order by id`,
    [deliveries.map((delivery) => delivery.id)],
  );
  const byId = new Map(deliveries.map((delivery) => [delivery.id, delivery]));
  for (const row of rows) {
    byId.get(Number(row.delivery_id))?.attempts.push({
      at: row.attempted_at as Date,
      statusCode: row.status_code === null ? null : Number(row.status_code),
      latencyMs: Number(row.latency_ms),
      error: (row.error as string | null) ?? null,
      responseExcerpt: (row.response_excerpt as string | null) ?? null,
    });
  }
  return deliveries;
}
