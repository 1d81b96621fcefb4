import type { DashboardFigures } from '../../ports/back-office-reads.ts';
import type { SqlExecutor } from '../../ports/database.ts';

/** The figures of the back-office dashboard, for payments created since `since` (the start of today). */
export async function dashboardFigures(db: SqlExecutor, since: Date): Promise<DashboardFigures> {
  const [totals] = await db.query<Record<string, string | number | null>>(
    `select count(*) as sessions, coalesce(sum(order_amount), 0) as amount,
            count(*) filter (where payment_status = 'success') as successes,
            coalesce(sum(order_amount) filter (where payment_status = 'success'), 0) as success_amount
       from payment_sessions where created_at >= $1`,
    [since],
  );
  const byStatus = await db.query<{ status: string; count: string | number }>(
    `select payment_status as status, count(*) as count from payment_sessions
      where created_at >= $1 group by payment_status order by count desc`,
    [since],
  );
  const byBank = await db.query<Record<string, string | number>>(
    `select user_bank_code as bank, count(*) as attempts,
            count(*) filter (where payment_status <> 'pending') as finished,
            count(*) filter (where payment_status = 'success') as successes
       from payment_sessions
      where created_at >= $1 and user_bank_code is not null
      group by user_bank_code order by attempts desc`,
    [since],
  );
  const [funnel] = await db.query<{ p50: number | null; p90: number | null; count: string | number }>(
    `select percentile_cont(0.5) within group (order by seconds) as p50,
            percentile_cont(0.9) within group (order by seconds) as p90,
            count(*) as count
       from (select extract(epoch from updated_at - created_at)::float8 as seconds
               from payment_sessions
              where created_at >= $1 and payment_status <> 'pending' and payment_token is not null) finished`,
    [since],
  );
  return {
    sessions: Number(totals?.sessions ?? 0),
    amount: Number(totals?.amount ?? 0),
    successes: Number(totals?.successes ?? 0),
    successAmount: Number(totals?.success_amount ?? 0),
    byStatus: byStatus.map((row) => ({ status: row.status, count: Number(row.count) })),
    byBank: byBank.map((row) => ({
      bank: String(row.bank),
      attempts: Number(row.attempts),
      finished: Number(row.finished),
      successes: Number(row.successes),
    })),
    funnelSeconds: {
      p50: funnel?.p50 === null || funnel?.p50 === undefined ? null : Number(funnel.p50),
      p90: funnel?.p90 === null || funnel?.p90 === undefined ? null : Number(funnel.p90),
      count: Number(funnel?.count ?? 0),
    },
  };
}
