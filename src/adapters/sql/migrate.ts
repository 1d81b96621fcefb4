import type { Database } from '../../ports/database.ts';
import type { ConcurrentIndex, Migration } from './migration.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { PostgresDatabase } from './postgres-database.ts';

// Any fixed number: several instances starting together against one PostgreSQL take turns.
const MIGRATION_LOCK = 73_112_026;
// Held (session-level) while a migration's indexes are built, so two instances never build one at once.
const INDEX_BUILD_LOCK = 73_112_027;

/**
 * Applies the migrations this database has not seen yet, each in its own transaction. A migration with
 * `indexes` is recorded with `indexes_pending` in that transaction, its indexes are then built one by one,
 * and only then is it marked applied: a process that dies in between finds it pending at the next start and
 * builds what is missing (an index left INVALID by the crash is dropped and built again).
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await db.exec(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null default now()
  );
  alter table schema_migrations add column if not exists indexes_pending boolean not null default false`);
  const newlyApplied: number[] = [];
  // One transaction per migration: a failing migration leaves the ones before it applied (and recorded),
  // and no transaction spans the whole upgrade. Each takes the lock and checks again, so instances starting
  // together apply each migration once.
  for (const migration of migrations) {
    const indexes = migration.indexes ?? [];
    const outcome = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // A migration may rebuild an index on a big table: the request timeout does not apply to it.
      await tx.exec('set local statement_timeout = 0');
      const [done] = await tx.query<{ indexes_pending: boolean }>(
        'select indexes_pending from schema_migrations where version = $1',
        [migration.version],
      );
      if (done) return done.indexes_pending ? 'indexes_pending' : 'done';
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name, indexes_pending) values ($1, $2, $3)', [
        migration.version,
        migration.name,
        indexes.length > 0,
      ]);
      return indexes.length > 0 ? 'indexes_pending' : 'applied';
    });
    if (outcome === 'done') continue;
    if (outcome === 'indexes_pending') {
      await buildIndexes(db, indexes);
      await db.query('update schema_migrations set indexes_pending = false where version = $1', [
        migration.version,
      ]);
    }
    newlyApplied.push(migration.version);
  }
  return newlyApplied;
}

async function buildIndexes(db: Database, indexes: readonly ConcurrentIndex[]): Promise<void> {
  if (!(db instanceof PostgresDatabase)) {
    for (const index of indexes) {
      if ((await indexValidity(db, index.name)) === false) await db.exec(`drop index ${index.name}`);
      await db.exec(createIndex(index, ''));
    }
    return;
  }
  // `concurrently` cannot run in a transaction (nor in a script of several statements), and the build must
  // not be cut by the pool's statement timeout: one connection of its own, with no timeout.
  const client = await db.pool.connect();
  try {
    await client.query('set statement_timeout = 0');
    // Waiting for the lock with `pg_advisory_lock` would hold a snapshot, and a concurrent build waits for
    // every older snapshot to end: two instances could then wait for each other. Polling holds none.
    while (!(await client.query('select pg_try_advisory_lock($1) as got', [INDEX_BUILD_LOCK])).rows[0]?.got) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    try {
      for (const index of indexes) {
        const on = {
          query: async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows,
        };
        // Under the lock no other build is running: an INVALID index is what a dead build left behind.
        if ((await indexValidity(on, index.name)) === false)
          await client.query(`drop index concurrently ${index.name}`);
        await client.query(createIndex(index, 'concurrently'));
        if ((await indexValidity(on, index.name)) !== true)
          throw new Error(`index ${index.name} is not valid`);
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [INDEX_BUILD_LOCK]);
    }
  } finally {
    client.release();
  }
}

function createIndex(index: ConcurrentIndex, concurrently: '' | 'concurrently'): string {
  return `create ${index.unique ? 'unique ' : ''}index ${concurrently} if not exists ${index.name} ${index.definition}`;
}

/** `true` valid, `false` present but INVALID (a build that failed or died), `null` absent. */
async function indexValidity(
  db: { query<Row>(sql: string, params: unknown[]): Promise<Row[]> },
  name: string,
): Promise<boolean | null> {
  const [row] = await db.query<{ valid: boolean }>(
    `select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname = $1 and c.relnamespace = current_schema()::regnamespace`,
    [name],
  );
  return row ? row.valid : null;
}
