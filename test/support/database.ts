import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { migrate } from '../../src/adapters/sql/migrate.ts';
import { PgliteDatabase } from '../../src/adapters/sql/pglite-database.ts';
import { PostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import type { Database } from '../../src/ports/database.ts';
import { createScratchDatabase } from './scratch-database.ts';

/**
 * A fresh, migrated database for one test file: a PostgreSQL database of its own when DATABASE_URL is set
 * (dropped on close), otherwise an in-memory PGlite started from the run's template.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const template = readFileSync(inject('pgliteTemplate'));
    return PgliteDatabase.open({ loadDataDir: new Blob([template]) });
  }
  const scratch = await createScratchDatabase(url);
  const db = PostgresDatabase.open(scratch.url, { max: 20 });
  await migrate(db);
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    await scratch.drop();
  };
  return db;
}

/** The database URL of a test database, for tests that start child processes on PostgreSQL. */
export function databaseKind(): 'pglite' | 'postgres' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/**
 * Settings for a child process (the CLI, a gateway) with a database of its own: a fresh PostgreSQL database
 * when DATABASE_URL is set, otherwise an embedded one in `dataDir`. `drop()` removes the PostgreSQL one.
 */
export async function childDatabaseEnv(
  dataDir: string,
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { env: { PUENTE_DATA_DIR: dataDir, DATABASE_URL: '' }, drop: async () => {} };
  const scratch = await createScratchDatabase(url);
  return { env: { PUENTE_DATA_DIR: dataDir, DATABASE_URL: scratch.url }, drop: scratch.drop };
}
