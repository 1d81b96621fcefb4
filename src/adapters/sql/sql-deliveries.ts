import type { ProblemDelivery, WebhookHealth } from '../../ports/back-office-reads.ts';
import type { SqlExecutor } from '../../ports/database.ts';
import { attachAttempts, toDelivery } from './sql-payment-timeline.ts';

// Webhook deliveries as the back-office lists them (the notifier's tables, migration 3; read-only here).

/**
 * Deliveries that need an operator: `failed` (exhausted, gone, URL refused) and `pending` ones that have
 * already failed at least once (still retrying). Newest first, at most `limit`.
 */
export async function problemDeliveries(
  db: SqlExecutor,
  options: { status: 'failed' | 'retrying' | 'all'; limit: number },
): Promise<ProblemDelivery[]> {
  const condition =
    options.status === 'failed'
      ? `d.status = 'failed'`
      : options.status === 'retrying'
        ? `d.status in ('pending', 'delivering') and d.attempt_count > 0`
        : `(d.status = 'failed' or (d.status in ('pending', 'delivering') and d.attempt_count > 0))`;
  const rows = await db.query<Record<string, unknown>>(
    `select d.id, e.payment_status as event_status, e.jti, d.url, d.status, d.skip_reason, d.failure_reason,
            d.attempt_count, d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at,
            s.token as session_token, s.merchant_order_id, m.code as merchant_code
       from webhook_deliveries d
       join webhook_events e on e.id = d.event_id
       join payment_sessions s on s.id = e.session_id
       join merchants m on m.id = s.merchant_id
      where ${condition}
      order by d.id desc limit $1`,
    [options.limit],
  );
  const deliveries = rows.map((row) => ({
    ...toDelivery(row),
    sessionToken: String(row.session_token),
    merchantCode: String(row.merchant_code),
    merchantOrderId: String(row.merchant_order_id),
  }));
  return (await attachAttempts(db, deliveries)) as ProblemDelivery[];
}

/** Deliveries created since `since`, by outcome, and their attempts. */
export async function webhookHealth(db: SqlExecutor, since: Date): Promise<WebhookHealth> {
  const [row] = await db.query<Record<string, string | number>>(
    `select count(*) filter (where status <> 'skipped') as events,
            count(*) filter (where status = 'delivered') as delivered,
            count(*) filter (where status in ('pending', 'delivering')) as pending,
            count(*) filter (where status = 'failed') as failed,
            (select count(*) from webhook_attempts where attempted_at >= $1) as attempts,
            (select count(*) from webhook_attempts where attempted_at >= $1
               and (status_code is null or status_code < 200 or status_code > 299)) as failed_attempts
       from webhook_deliveries where created_at >= $1`,
    [since],
  );
  return {
    events: Number(row?.events ?? 0),
    delivered: Number(row?.delivered ?? 0),
    pending: Number(row?.pending ?? 0),
    failed: Number(row?.failed ?? 0),
    attempts: Number(row?.attempts ?? 0),
    failedAttempts: Number(row?.failed_attempts ?? 0),
  };
}
