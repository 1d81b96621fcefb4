import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/sql/migrate.ts';
import type { Migration } from '../../src/adapters/sql/migration.ts';
import { PostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import type { Database } from '../../src/ports/database.ts';
import { createTestDatabase, databaseKind } from '../support/database.ts';
import { sleep } from '../support/funnel-client.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

/** Migrations' `indexes`: built outside the transaction (concurrently on PostgreSQL), recovered after a crash. */
let db: Database;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.close();
});

async function validity(
  name: string,
  database: Database = db,
): Promise<{ valid: boolean; oid: number } | undefined> {
  const [row] = await database.query<{ valid: boolean; oid: number }>(
    `select i.indisvalid as valid, i.indexrelid::int as oid from pg_index i
       join pg_class c on c.oid = i.indexrelid where c.relname = $1`,
    [name],
  );
  return row;
}

async function pending(version: number, database: Database = db): Promise<boolean | undefined> {
  const [row] = await database.query<{ indexes_pending: boolean }>(
    'select indexes_pending from schema_migrations where version = $1',
    [version],
  );
  return row?.indexes_pending;
}

describe(`concurrent index builds on ${databaseKind()}`, () => {
  it('builds a migration’s indexes after its transaction and only then marks it applied', async () => {
    const migration: Migration = {
      version: 9001,
      name: 'big-table',
      sql: `create table chaos_big (id bigint generated always as identity primary key, amount bigint not null);
            insert into chaos_big (amount) select n from generate_series(1, 5000) n;`,
      indexes: [{ name: 'chaos_big_by_amount', definition: 'on chaos_big (amount) where amount > 10' }],
    };
    expect(await migrate(db, [migration])).toEqual([9001]);
    expect(await validity('chaos_big_by_amount')).toMatchObject({ valid: true });
    expect(await pending(9001)).toBe(false);
    const [definition] = await db.query<{ indexdef: string }>(
      `select indexdef from pg_indexes where indexname = 'chaos_big_by_amount'`,
    );
    expect(definition?.indexdef).toContain('WHERE (amount > 10)');
    expect(await migrate(db, [migration])).toEqual([]);
  });

  it('drops and builds again an INVALID index a dead build left, then marks the migration applied', async () => {
    await db.exec(`create table chaos_crashed (id bigint primary key, payer text);
      create index chaos_crashed_by_payer on chaos_crashed (payer);
      insert into schema_migrations (version, name, indexes_pending) values (9002, 'crashed', true)`);
    // What a `create index concurrently` killed mid-build leaves: the index in the catalogue, INVALID.
    await db.exec(
      `update pg_index set indisvalid = false where indexrelid = 'chaos_crashed_by_payer'::regclass`,
    );
    const before = await validity('chaos_crashed_by_payer');
    expect(before?.valid).toBe(false);
    const migration: Migration = {
      version: 9002,
      name: 'crashed',
      sql: 'select 1 / 0', // already ran before the crash: running it again would fail the test
      indexes: [{ name: 'chaos_crashed_by_payer', definition: 'on chaos_crashed (payer)' }],
    };
    expect(await migrate(db, [migration])).toEqual([9002]);
    const after = await validity('chaos_crashed_by_payer');
    expect(after?.valid).toBe(true);
    expect(after?.oid).not.toBe(before?.oid);
    expect(await pending(9002)).toBe(false);
  });

  // On PostgreSQL in both runs (the embedded database has one connection, so nothing waits there): a scratch
  // database of the run's server, or of the local one in the embedded run.
  it('PostgreSQL: the table takes writes while its index is built (no ShareLock is taken)', async () => {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL || LOCAL_POSTGRES);
    const pg = PostgresDatabase.open(scratch.url, { max: 4 });
    const pool = pg.pool;
    await migrate(pg);
    await pg.exec(`create table chaos_busy (id bigint generated always as identity primary key, rut text);
        insert into chaos_busy (rut) select 'r' || n from generate_series(1, 2000) n`);
    // A payment in flight: an open transaction that wrote to the table. A plain `create index` would queue
    // for a ShareLock behind it and every later write would queue behind that; a concurrent build waits for
    // it without blocking anyone.
    const inFlight = await pool.connect();
    const writer = await pool.connect();
    try {
      await inFlight.query('begin');
      await inFlight.query(`insert into chaos_busy (rut) values ('in flight')`);
      const migration: Migration = {
        version: 9003,
        name: 'busy-table',
        sql: 'select 1',
        indexes: [{ name: 'chaos_busy_by_rut', definition: 'on chaos_busy (rut)' }],
      };
      const migrating = migrate(pg, [migration]);
      const locks = async () =>
        (
          await writer.query<{ mode: string; granted: boolean }>(
            `select mode, granted from pg_locks
                where relation = 'chaos_busy'::regclass and pid <> $1 and pid <> pg_backend_pid()`,
            [(inFlight as unknown as { processID: number }).processID],
          )
        ).rows;
      for (let tries = 0; tries < 100 && (await locks()).length === 0; tries++) await sleep(100);
      expect(await locks()).toEqual([{ mode: 'ShareUpdateExclusiveLock', granted: true }]);
      expect(await validity('chaos_busy_by_rut', pg)).toMatchObject({ valid: false });
      expect(await pending(9003, pg)).toBe(true);

      await writer.query('set statement_timeout = 3000');
      await writer.query(`insert into chaos_busy (rut) values ('written during the build')`);
      await writer.query(`update chaos_busy set rut = 'updated during the build' where id = 1`);
      expect(await locks()).not.toContainEqual(expect.objectContaining({ mode: 'ShareLock' }));

      await inFlight.query('commit');
      expect(await migrating).toEqual([9003]);
      expect(await validity('chaos_busy_by_rut', pg)).toMatchObject({ valid: true });
      expect(await pending(9003, pg)).toBe(false);
    } finally {
      await inFlight.query('rollback').catch(() => {});
      inFlight.release();
      writer.release();
      await pg.close();
      await scratch.drop();
    }
  });
});
