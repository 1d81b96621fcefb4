/** What a schema migration is (`migrations/`), applied by `migrate.ts`. */

/**
 * An index a migration builds outside its transaction: `create index concurrently` on PostgreSQL, so the
 * table keeps taking writes while it is built (a plain `create index` holds a ShareLock that blocks every
 * insert and update for the whole build); a plain `create index` on PGlite (one connection, nobody waits).
 */
export interface ConcurrentIndex {
  name: string;
  /** What follows `create [unique] index <name>`: `on payment_sessions (created_at desc, id desc)`. */
  definition: string;
  unique?: boolean;
}

export interface Migration {
  version: number;
  name: string;
  /** Runs in one transaction. */
  sql: string;
  /** Built after `sql` commits, in order; the migration counts as applied only once all of them are valid. */
  indexes?: readonly ConcurrentIndex[];
}
