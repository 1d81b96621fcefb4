import type { ConcurrentIndex } from '../migration.ts';

/**
 * The dashboard's webhook card counts today's deliveries (`webhook_deliveries.created_at`) and attempts
 * (`webhook_attempts.attempted_at`), and `/metrics` the last 24 hours of attempts; neither column had an
 * index, so each read was a sequential scan of the whole table. At ten million payments (8.1 million
 * deliveries and attempts) that was the dashboard's time: 6.4 s from disk, 0.7 s from memory, growing with
 * the history instead of with the day (docs/performance.md, "At ten million payments").
 *
 * B-trees, not BRIN: retention deletes old attempts and updates move deliveries, so new rows land in old
 * pages and a block-range summary would soon cover every range. A payment pays four entries: its attempt's,
 * and its delivery's at the insert and at each of the two status updates (not heap-only anyway: the status is
 * in the delivery indexes' predicates).
 */
export const sql = '';

export const indexes: readonly ConcurrentIndex[] = [
  { name: 'webhook_deliveries_by_time', definition: 'on webhook_deliveries (created_at)' },
  { name: 'webhook_attempts_by_time', definition: 'on webhook_attempts (attempted_at)' },
];
