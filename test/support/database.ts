import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../src/adapters/sql/migrate.ts';
import { PgliteDatabase } from '../../src/adapters/sql/pglite-database.ts';
import { PostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import type { Database } from '../../src/ports/database.ts';

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
  const name = `puente_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const db = PostgresDatabase.open(testUrl.toString(), { max: 20 });
  await migrate(db);
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
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
  const name = `puente_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const childUrl = new URL(url);
  childUrl.pathname = `/${name}`;
  return {
    env: { PUENTE_DATA_DIR: dataDir, DATABASE_URL: childUrl.toString() },
    drop: async () => {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
