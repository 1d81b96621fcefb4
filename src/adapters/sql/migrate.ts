import type { Database } from '../../ports/database.ts';
import { MIGRATIONS } from './migrations/index.ts';

// Any fixed number: several instances starting together against one PostgreSQL take turns.
const MIGRATION_LOCK = 73_112_026;

/** Applies the migrations this database has not seen yet, each in its own transaction. */
export async function migrate(db: Database): Promise<number[]> {
  await db.exec(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`);
  const newlyApplied: number[] = [];
  // One transaction per migration: a failing migration leaves the ones before it applied (and recorded),
  // and no transaction spans the whole upgrade. Each takes the lock and checks again, so instances starting
  // together apply each migration once.
  for (const migration of MIGRATIONS) {
    const applied = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // A migration may rebuild an index on a big table: the request timeout does not apply to it.
      await tx.exec('set local statement_timeout = 0');
      const [done] = await tx.query<{ version: number }>(
        'select version from schema_migrations where version = $1',
        [migration.version],
      );
      if (done) return false;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (applied) newlyApplied.push(migration.version);
  }
  return newlyApplied;
}
