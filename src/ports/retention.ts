/** How long each kind of working record is kept, in days. Payments and their timelines are kept for good. */
export interface RetentionPolicy {
  /** Bank and operator login attempts (rate-limit and lockout evidence). */
  loginAttemptsDays: number;
  /** Operator sessions, counted from when they expired or ended. */
  operatorSessionsDays: number;
  /** Webhook attempts of deliveries that are over (delivered, failed for good, skipped). */
  webhookAttemptsDays: number;
  /** The funnel's scratch data of finished payments (accounts listed, challenges, the RUT typed). */
  funnelScratchDays: number;
}

/**
 * Prunes what only matters for a while, in bounded batches so that no statement holds locks for long; safe
 * to run from every instance at once (a row is deleted once, whoever gets there first).
 *
 * @example
 *   const pruned = await retention.prune(policy); // { bank_login_attempts: 120, webhook_attempts: 0, ... }
 */
export interface Retention {
  prune(policy: RetentionPolicy, batch?: number): Promise<Record<string, number>>;
}
