/**
 * What the operations endpoints read: whether the database answers (`/readyz`) and the deployment-wide
 * figures `/metrics` reports at scrape time (every instance reads the same database, so every instance
 * reports the same values). One SQL adapter implements it (`SqlOperationsReads`).
 *
 * @example
 *   await reads.ping(); // throws when the database does not answer
 *   for (const row of await reads.paymentsLast24h()) gauge.set({ status: row.status, bank: row.bank }, row.count);
 */
export interface OperationsReads {
  /** Which database this deployment runs on, as `/readyz` reports it. */
  readonly databaseKind: 'pglite' | 'postgres';
  /** One trivial round trip to the database; rejects when it fails. */
  ping(): Promise<void>;
  /** Payment sessions created in the last 24 hours, by status and bank (`none` before a bank is chosen). */
  paymentsLast24h(): Promise<{ status: string; bank: string; count: number }[]>;
  /** Webhook attempts made in the last 24 hours: answered 2xx, and everything else. */
  webhookAttemptsLast24h(): Promise<{ success: number; failure: number }>;
  /** Bank logins held back in the last 24 hours (too many wrong passwords per RUT and bank, or per address). */
  bankLoginsHeldBackLast24h(): Promise<number>;
  /** Deliveries waiting (due now; pending at all; leased by a worker) and failed for good. */
  webhookBacklog(): Promise<{ due: number; pending: number; delivering: number; failed: number }>;
}
