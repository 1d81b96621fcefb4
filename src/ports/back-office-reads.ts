/**
 * What the back-office reads: the payment search (also behind the CSV export), one payment with its
 * timeline and webhooks, the deliveries that need an operator, and today's figures. Read-only: the funnel,
 * the notifier and the merchant API own the rows; these reads only show them. One SQL adapter implements
 * it (`SqlBackOfficeReads`), on PostgreSQL and PGlite alike.
 *
 * @example
 *   const page = await reads.searchPayments({ status: 'success', bank: 'cl_bch' }, { pageSize: 50 });
 *   const more = page.next ? await reads.searchPayments(filters, { after: page.next, pageSize: 50 }) : null;
 *   const payment = await reads.findPaymentBySessionToken(token);
 *   if (payment) {
 *     const timeline = await reads.paymentTimeline(payment.id);
 *     const webhooks = await reads.paymentDeliveries(payment.id);
 *   }
 */
export interface BackOfficeReads {
  /**
   * Payments matching every given filter, newest first, one page at a time. Pages are keyset-paginated
   * (each starts strictly after the last row of the previous one), so a deep page costs what the first does.
   */
  searchPayments(
    filters: PaymentFilters,
    options?: { after?: string | null; pageSize?: number },
  ): Promise<PaymentPage>;
  findPaymentBySessionToken(token: string): Promise<PaymentRow | null>;
  /** Every funnel step and bank call of the session, in order. */
  paymentTimeline(sessionId: number): Promise<TimelineEntry[]>;
  /** Every webhook delivery of the session, oldest first, each with its attempts. */
  paymentDeliveries(sessionId: number): Promise<DeliveryView[]>;
  /**
   * Deliveries that need an operator: `failed` (exhausted, gone, URL refused) and `pending` ones that have
   * already failed at least once (still retrying). Newest first, at most `limit`.
   */
  problemDeliveries(options: {
    status: 'failed' | 'retrying' | 'all';
    limit: number;
  }): Promise<ProblemDelivery[]>;
  /**
   * How far behind the read replica serving search and the dashboard is, in seconds; null when those reads
   * go to the primary (no replica configured, or the replica is unreachable and skipped for now).
   */
  replicaLagSeconds(): Promise<number | null>;
  /** The dashboard's payment figures, for sessions created since `since` (the start of today). */
  dashboardFigures(since: Date): Promise<DashboardFigures>;
  /** Webhook deliveries created since `since`, by outcome, and the attempts made since then. */
  webhookHealth(since: Date): Promise<WebhookHealth>;
}

export interface PaymentFilters {
  merchantCode?: string;
  orderId?: string;
  sessionToken?: string;
  paymentToken?: string;
  /** Normalised `12345678-5`. */
  rut?: string;
  status?: string;
  bank?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
}

export interface PaymentRow {
  id: number;
  sessionToken: string;
  paymentToken: string | null;
  merchantCode: string;
  merchantName: string;
  merchantOrderId: string;
  orderAmount: number;
  paymentStatus: string;
  paymentStep: string;
  userBankCode: string | null;
  userRut: string | null;
  customerEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

export interface PaymentPage {
  rows: PaymentRow[];
  /** Opaque; pass back as `after` for the next page. Null on the last page. */
  next: string | null;
}

export interface TimelineEntry {
  at: Date;
  kind: 'step' | 'bank_call';
  name: string;
  bankCode: string | null;
  fromState: string | null;
  toState: string | null;
  outcome: string | null;
  durationMs: number | null;
  paymentToken: string | null;
}

export interface DeliveryAttempt {
  at: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

export interface DeliveryView {
  id: number;
  eventStatus: string;
  jti: string;
  url: string | null;
  status: string;
  skipReason: string | null;
  failureReason: string | null;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  attempts: DeliveryAttempt[];
}

/** A delivery in the back-office list, with the payment it belongs to. */
export interface ProblemDelivery extends DeliveryView {
  sessionToken: string;
  merchantCode: string;
  merchantOrderId: string;
}

export interface DashboardFigures {
  sessions: number;
  amount: number;
  successes: number;
  successAmount: number;
  byStatus: { status: string; count: number }[];
  byBank: { bank: string; attempts: number; finished: number; successes: number }[];
  /** Seconds from session creation to its final status, for finished payments with a bank chosen. */
  funnelSeconds: { p50: number | null; p90: number | null; count: number };
}

export interface WebhookHealth {
  events: number;
  delivered: number;
  pending: number;
  failed: number;
  attempts: number;
  failedAttempts: number;
}
