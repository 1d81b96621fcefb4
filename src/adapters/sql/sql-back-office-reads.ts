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

/**
 * The back-office reads on the SQL database (PostgreSQL or PGlite). Every table they read is created by the
 * migrations, which run before the app serves, so none of them checks that its tables exist.
 */
export class SqlBackOfficeReads implements BackOfficeReads {
  constructor(private readonly db: SqlExecutor) {}

  searchPayments(
    filters: PaymentFilters,
    options?: { after?: string | null; pageSize?: number },
  ): Promise<PaymentPage> {
    return searchPayments(this.db, filters, options);
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
    return dashboardFigures(this.db, since);
  }

  webhookHealth(since: Date): Promise<WebhookHealth> {
    return webhookHealth(this.db, since);
  }
}
