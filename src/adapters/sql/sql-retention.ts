import type { SqlExecutor } from '../../ports/database.ts';
import type { Retention, RetentionPolicy } from '../../ports/retention.ts';

/**
 * Retention on the SQL database. Each kind is pruned by `batch` rows per statement until none is left, by
 * `ctid` (no index needed to find the row again). Payments (`payment_sessions`), their timelines, webhook
 * events and deliveries, the order claims and the audit log are never touched.
 */
export class SqlRetention implements Retention {
  constructor(private readonly db: SqlExecutor) {}

  async prune(policy: RetentionPolicy, batch = 5_000): Promise<Record<string, number>> {
    const days = (value: number) => `make_interval(days => ${Math.max(0, Math.floor(value))})`;
    const deletions: Record<string, string> = {
      bank_login_attempts: `select ctid from bank_login_attempts
        where attempted_at < now() - ${days(policy.loginAttemptsDays)} limit ${batch}`,
      operator_login_attempts: `select ctid from operator_login_attempts
        where attempted_at < now() - ${days(policy.loginAttemptsDays)} limit ${batch}`,
      operator_sessions: `select ctid from operator_sessions
        where coalesce(ended_at, expires_at) < now() - ${days(policy.operatorSessionsDays)} limit ${batch}`,
      webhook_attempts: `select a.ctid from webhook_attempts a
        join webhook_deliveries d on d.id = a.delivery_id
        where d.status in ('delivered', 'failed', 'skipped')
          and a.attempted_at < now() - ${days(policy.webhookAttemptsDays)} limit ${batch}`,
      api_rate_buckets: `select ctid from api_rate_buckets where updated_at < now() - interval '1 day' limit ${batch}`,
    };
    const pruned: Record<string, number> = {};
    for (const [table, victims] of Object.entries(deletions)) {
      pruned[table] = 0;
      for (;;) {
        const [row] = await this.db.query<{ count: number | string }>(
          `with gone as (delete from ${table} where ctid in (${victims}) returning 1)
           select count(*) as count from gone`,
        );
        const count = Number(row?.count ?? 0);
        pruned[table] += count;
        if (count < batch) break;
      }
    }
    // Finished payments keep their funnel row (state, bank reference, failure reason) but not its scratch.
    pruned.payment_funnels_scratch = 0;
    for (;;) {
      const [row] = await this.db.query<{ count: number | string }>(
        `with scrubbed as (
           update payment_funnels set accounts = null, challenge = null, login_rut = null, holder_name = null
           where session_id in (
             select session_id from payment_funnels
             where state in ('succeeded', 'failed', 'cancelled', 'expired')
               and updated_at < now() - ${days(policy.funnelScratchDays)}
               and (accounts is not null or challenge is not null or login_rut is not null or holder_name is not null)
             limit ${batch})
           returning 1)
         select count(*) as count from scrubbed`,
      );
      const count = Number(row?.count ?? 0);
      pruned.payment_funnels_scratch += count;
      if (count < batch) break;
    }
    return pruned;
  }
}
