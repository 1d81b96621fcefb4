import type {
  BackOfficeReads,
  DashboardFigures,
  DeliveryView,
  PaymentFilters,
  PaymentPage,
  PaymentRow,
  ProblemDelivery,
  TimelineEntry,
  WebhookHealth,
} from '../../ports/back-office-reads.ts';
import type { SqlExecutor } from '../../ports/database.ts';
import { dashboardFigures } from './sql-dashboard.ts';
import { problemDeliveries, webhookHealth } from './sql-deliveries.ts';
import { findPaymentBySessionToken, searchPayments } from './sql-payment-search.ts';
import { paymentDeliveries, paymentTimeline } from './sql-payment-timeline.ts';
import type { StandbyExecutor } from './standby-executor.ts';

/**
 * The back-office reads on the SQL database (PostgreSQL or PGlite). Every table they read is created by the
 * migrations, which run before the app serves, so none of them checks that its tables exist.
 *
 * With a `standby`, the wide reads (search and its export, the dashboard) go to the read replica; what an
 * operator acts on (one payment, its timeline and webhooks, the deliveries to resend) is read from the
 * primary, so an action never starts from a row the replica has not caught up with.
 */
export class SqlBackOfficeReads implements BackOfficeReads {
  private readonly wide: SqlExecutor;

  constructor(
    private readonly db: SqlExecutor,
    private readonly standby: StandbyExecutor | null = null,
  ) {
    this.wide = standby ?? db;
  }

  searchPayments(
    filters: PaymentFilters,
    options?: { after?: string | null; pageSize?: number },
  ): Promise<PaymentPage> {
    return searchPayments(this.wide, filters, options);
  }

  async replicaLagSeconds(): Promise<number | null> {
    if (!this.standby?.standbyInUse) return null;
    // Caught up when everything received is replayed; otherwise the age of the last replayed commit.
    // Not in recovery (the URL names a primary), both positions are null: no lag.
    const [row] = await this.standby.query<{ lag: number | null }>(
      `select case
         when pg_last_wal_receive_lsn() is null or pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
         else extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp())::float8
       end as lag`,
    );
    return this.standby.standbyInUse ? (row?.lag ?? 0) : null;
  }

  findPaymentBySessionToken(token: string): Promise<PaymentRow | null> {
    return findPaymentBySessionToken(this.db, token);
  }

  paymentTimeline(sessionId: number): Promise<TimelineEntry[]> {
    return paymentTimeline(this.db, sessionId);
  }

  paymentDeliveries(sessionId: number): Promise<DeliveryView[]> {
    return paymentDeliveries(this.db, sessionId);
  }

  problemDeliveries(options: {
    status: 'failed' | 'retrying' | 'all';
    limit: number;
  }): Promise<ProblemDelivery[]> {
    return problemDeliveries(this.db, options);
  }

  dashboardFigures(since: Date): Promise<DashboardFigures> {
    return dashboardFigures(this.wide, since);
  }

  webhookHealth(since: Date): Promise<WebhookHealth> {
    return webhookHealth(this.wide, since);
  }
}
