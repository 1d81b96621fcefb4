import type { ConcurrentIndex } from '../migration.ts';

/**
 * The first half of keying the two append-only child tables by their parent (migration 23 swaps the primary
 * keys): a funnel step writes its timeline rows, and a webhook attempt its attempt row, each into two indexes
 * that hold the same rows: the primary key on `id`, which no query reads, and `(parent, id)`, which every read
 * uses (a payment's timeline, a delivery's attempts, both in order). A payment writes about nine timeline rows,
 * so it paid nine index entries nobody read. With the primary key on `(parent, id)` one index does both jobs.
 *
 * Built concurrently, before anything is dropped: the tables keep taking rows while the unique indexes are
 * built, and the swap then only renames and drops.
 */
export const sql = '';

export const indexes: readonly ConcurrentIndex[] = [
  {
    name: 'payment_timeline_session_key',
    definition: 'on payment_timeline (session_id, id)',
    unique: true,
  },
  {
    name: 'webhook_attempts_delivery_key',
    definition: 'on webhook_attempts (delivery_id, id)',
    unique: true,
  },
];
