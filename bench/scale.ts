/**
 * Puente at millions of payments (issue 12): the same figures on databases of different sizes, side by side.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:scale -- [--rows 1000000,10000000]
 *     [--rounds 2] [--runs 200] [--only session,funnel,search,sizes] [--prune] [--seed-only]
 *
 * Each size has its database (`puente_bench_1m`, `puente_bench_10m`), seeded once by bench/scale-seed.ts and
 * kept; an interrupted seed goes on where it stopped. Then, on each database:
 * - session create: `POST /session/initialize`, the gateway of bench/session-initialize.ts on that database;
 * - the funnel: bench/funnel.ts (payments/s, CPU per payment, the funnel page) on that database;
 * - the back-office search page of bench/admin-search.ts (the same cases, through bench/search-page.ts), the
 *   dashboard and `/metrics`;
 * - table and index sizes per million payments;
 * - with `--prune`, the retention use case, twice: what it removed and how long it took.
 * Session create and the funnel run `--rounds` times, the sizes taken in turn (1M, 10M, 1M, 10M), since the
 * machine may be shared. What the gateway adds during a run (its merchant, sessions, payments) is deleted
 * after it, so the databases stay the seed. Each figure is printed with the load average when it was taken.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PostgresDatabase } from '../src/adapters/sql/postgres-database.ts';
import { buildServices, retentionPolicy } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { loginOperator } from '../test/support/admin.ts';
import { benchFunnel, type FunnelBenchResult } from './funnel.ts';
import {
  MERCHANTS,
  payerRut,
  paymentTokenSql,
  type SeedState,
  scaleDatabaseName,
  seedScaleDatabase,
} from './scale-seed.ts';
import {
  formatSearchMeasurements,
  measureSearchPage,
  percentile,
  type SearchMeasurement,
  searchCases,
} from './search-page.ts';
import { sessionCreateOn } from './session-initialize.ts';
import { describe, type LoadResult, median, POSTGRES_URL } from './support.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const ROWS = (option('rows') ?? '1000000,10000000').split(',').map(Number);
const ROUNDS = Number(option('rounds') ?? 2);
// 200 requests a case: over 20, the p99 is the slowest single request (one scheduling hiccup decides it).
const RUNS = Number(option('runs') ?? 200);
const ONLY = new Set((option('only') ?? 'session,funnel,search,sizes').split(','));
const PRUNE = args.includes('--prune');
const SEED_ONLY = args.includes('--seed-only');
const SECRET_KEY = 'b'.repeat(64);

const load = () =>
  `load ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`;
const label = (rows: number) => (rows >= 1_000_000 ? `${rows / 1_000_000}M` : `${rows / 1000}k`);
const perMillion = (bytes: number, rows: number) => bytes / 1024 / 1024 / (rows / 1_000_000);

interface Size {
  seed: SeedState;
  url: string;
}

const databases = new Map<number, Size>();
for (const rows of ROWS) {
  const started = performance.now();
  const { url, state } = await seedScaleDatabase(POSTGRES_URL, rows);
  databases.set(rows, { url, seed: state });
  const took = (performance.now() - started) / 1000;
  console.log(
    `${scaleDatabaseName(rows)}: ${rows} payments seeded ${state.anchor.toISOString()} ` +
      `in ${(state.seconds / 60).toFixed(1)} min${took > 60 ? ` (this run: ${(took / 60).toFixed(1)} min)` : ''}`,
  );
}
if (SEED_ONLY) process.exit(0);
const sizes = [...databases.entries()];

/** Deletes what a bench run added to a seeded database (merchants after the seed's, with all they own). */
async function removeRunLeftovers(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sessions = `select id from payment_sessions where merchant_id > ${MERCHANTS}`;
    const deliveries = `select d.id from webhook_deliveries d join webhook_events e on e.id = d.event_id
      where e.session_id in (${sessions})`;
    await client.query('begin');
    // The referencing rows go first, explicitly: the foreign-key checks would look each deleted session up
    // in payment_order_claims, which has no index on session_id (a scan of it per session at 10M).
    await client.query('set local session_replication_role = replica');
    for (const statement of [
      `delete from webhook_attempts where delivery_id in (${deliveries})`,
      `delete from webhook_deliveries where id in (${deliveries})`,
      `delete from webhook_events where session_id in (${sessions})`,
      `delete from payment_timeline where session_id in (${sessions})`,
      `delete from payment_order_claims where merchant_id > ${MERCHANTS}`,
      `delete from payment_funnels where session_id in (${sessions})`,
      `delete from direct_transfers where merchant_id > ${MERCHANTS}`,
      `delete from payment_sessions where merchant_id > ${MERCHANTS}`,
      `delete from collecting_accounts where merchant_id > ${MERCHANTS}`,
      `delete from merchants where id > ${MERCHANTS}`,
    ])
      await client.query(statement);
    await client.query('commit');
    // The server's autovacuum may be off; without this the next run's rows would land after the dead ones.
    // `index_cleanup on`: a vacuum skips the indexes when few of the table's pages hold dead rows (under 2 %),
    // which a run's leftovers are at 10M and not at 1M. Left in the time index, they sit at its newest end (a
    // run's rows are the newest), and every newest-first search walked them: 830 pages before its first row.
    await client.query(`vacuum (index_cleanup on) payment_sessions, payment_funnels, payment_timeline,
      webhook_events, webhook_deliveries, webhook_attempts, payment_order_claims, merchants`);
  } finally {
    await client.end();
  }
}

// 1. Session create and the funnel, interleaved over the sizes.
const sessionCreate = new Map<number, { result: LoadResult; load: string }[]>();
const funnel = new Map<number, { result: FunnelBenchResult; load: string }[]>();
for (let round = 1; round <= ROUNDS; round++) {
  for (const [rows, { url }] of sizes) {
    if (ONLY.has('session')) {
      await removeRunLeftovers(url);
      const before = load();
      const result = await sessionCreateOn(url);
      const entry = { result, load: `${before}, after ${load().slice(5)}` };
      sessionCreate.set(rows, [...(sessionCreate.get(rows) ?? []), entry]);
      console.log(`${describe(`session create, ${label(rows)}, round ${round}`, result)}   (${entry.load})`);
      await removeRunLeftovers(url);
    }
    if (ONLY.has('funnel')) {
      const before = load();
      const result = await benchFunnel(1, 'credentials', false, url);
      const entry = { result, load: `${before}, after ${load().slice(5)}` };
      funnel.set(rows, [...(funnel.get(rows) ?? []), entry]);
      console.log(`  (funnel, ${label(rows)}, round ${round}: ${entry.load})`);
      await removeRunLeftovers(url);
    }
  }
}

// 2. The back-office search, in this process as bench/admin-search.ts measures it.
const search = new Map<
  number,
  { results: SearchMeasurement[]; pages: { name: string; p50: number; p99: number }[]; load: string }
>();
if (ONLY.has('search')) {
  for (const [rows, { url }] of sizes) {
    const db = PostgresDatabase.open(url, { max: 4 });
    const services = buildServices(
      loadConfig({ DATABASE_URL: url, PUENTE_SECRET_KEY: SECRET_KEY, LOG_LEVEL: 'silent' }),
      db,
    );
    const app = await buildApp(services, { logger: false });
    try {
      const { cookie } = await loginOperator(app, services);
      // The same payment in every size: the first from number 777,777 (or 70 % of the seed) that reached a bank.
      const [payment] = await db.query<{ id: string; token: string }>(
        `select id, payment_token as token from payment_sessions
          where id >= $1 and payment_token = ${paymentTokenSql('id')} order by id limit 1`,
        [Math.min(777_777, Math.floor(rows * 0.7))],
      );
      const cases = searchCases({
        rut: payerRut(42),
        order: `OC-${payment?.id ?? ''}`,
        paymentToken: payment?.token ?? '',
      });
      // A pass that is not kept: the first database measured would otherwise pay for warming the process up.
      await measureSearchPage({ app, cookie, db, cases, runs: 2 });
      const before = load();
      const results = await measureSearchPage({ app, cookie, db, cases, runs: RUNS });
      const pages: { name: string; p50: number; p99: number }[] = [];
      // Two pages that read by time window rather than by index range: they grow with the daily volume.
      for (const [name, url] of [
        ['dashboard (today)', '/admin'],
        ['metrics (last 24 h)', '/metrics'],
      ] as const) {
        const times: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const started = performance.now();
          const response = await app.inject({ method: 'GET', url, headers: { cookie } });
          times.push(performance.now() - started);
          if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
        }
        times.sort((a, b) => a - b);
        pages.push({ name, p50: percentile(times, 0.5), p99: percentile(times, 0.99) });
      }
      search.set(rows, { results, pages, load: `${before}, after ${load().slice(5)}` });
      console.log(
        `\nsearch page over ${label(rows)} payments, ${RUNS} runs each (ms, whole request through inject; ${search.get(rows)?.load})`,
      );
      console.log(formatSearchMeasurements(results));
      for (const page of pages)
        console.log(`${page.name}: p50 ${page.p50.toFixed(1)} ms, p99 ${page.p99.toFixed(1)} ms`);
    } finally {
      await app.close();
      await services.close();
    }
  }
}

// 3. Sizes per million payments.
interface Relation {
  table: string;
  name: string;
  kind: 'table' | 'index';
  rows: number;
  heap: number;
  indexes: number;
  total: number;
}
async function relationSizes(url: string): Promise<Relation[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{
      name: string;
      rows: string;
      heap: string;
      indexes: string;
      total: string;
    }>(
      `select c.relname as name, c.reltuples::bigint as rows, pg_relation_size(c.oid) as heap,
              pg_indexes_size(c.oid) as indexes, pg_total_relation_size(c.oid) as total
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and c.relname not in ('bench_seed_progress', 'schema_migrations')
        order by pg_total_relation_size(c.oid) desc`,
    );
    const indexes = await client.query<{ table: string; name: string; size: string }>(
      `select relname as table, indexrelname as name, pg_relation_size(indexrelid) as size
         from pg_stat_user_indexes where schemaname = 'public' order by pg_relation_size(indexrelid) desc`,
    );
    return [
      ...tables.rows.map((row) => ({
        table: row.name,
        name: row.name,
        kind: 'table' as const,
        rows: Math.max(0, Number(row.rows)),
        heap: Number(row.heap),
        indexes: Number(row.indexes),
        total: Number(row.total),
      })),
      ...indexes.rows.map((row) => ({
        table: row.table,
        name: row.name,
        kind: 'index' as const,
        rows: 0,
        heap: 0,
        indexes: Number(row.size),
        total: Number(row.size),
      })),
    ];
  } finally {
    await client.end();
  }
}

const measuredSizes = new Map<number, Relation[]>();
if (ONLY.has('sizes')) {
  for (const [rows, { url }] of sizes) measuredSizes.set(rows, await relationSizes(url));
  const [first] = sizes;
  const names = (measuredSizes.get(first?.[0] ?? 0) ?? []).filter(
    (relation) => relation.total > 256 * 1024 || relation.kind === 'table',
  );
  const mb = (value: number) => value.toFixed(1).padStart(8);
  console.log('\nsizes per million payments (MiB; tables: heap, indexes, total with TOAST; then each index)');
  console.log(
    'relation'.padEnd(46),
    ...sizes.map(([rows]) => `${label(rows).padStart(4)} rows/M     heap  indexes    total`),
  );
  for (const relation of names.filter((entry) => entry.kind === 'table' && entry.total > 64 * 1024)) {
    const cells = sizes.map(([rows]) => {
      const same = measuredSizes
        .get(rows)
        ?.find((entry) => entry.kind === 'table' && entry.name === relation.name);
      if (!same) return ''.padEnd(38);
      return `${(same.rows / (rows / 1_000_000) / 1_000_000).toFixed(2).padStart(9)}M ${mb(perMillion(same.heap, rows))} ${mb(perMillion(same.indexes, rows))} ${mb(perMillion(same.total, rows))}`;
    });
    console.log(relation.name.padEnd(46), ...cells);
  }
  console.log('');
  for (const relation of names.filter((entry) => entry.kind === 'index')) {
    const cells = sizes.map(([rows]) => {
      const same = measuredSizes
        .get(rows)
        ?.find((entry) => entry.kind === 'index' && entry.name === relation.name);
      return same ? `${''.padEnd(28)}${mb(perMillion(same.indexes, rows))}` : ''.padEnd(37);
    });
    console.log(`  ${relation.name}`.padEnd(46), ...cells);
  }
  for (const [rows, relations] of measuredSizes) {
    const total = relations
      .filter((entry) => entry.kind === 'table')
      .reduce((sum, entry) => sum + entry.total, 0);
    console.log(
      `${label(rows)}: all tables ${(total / 1024 ** 3).toFixed(2)} GiB, ${(perMillion(total, rows) / 1024).toFixed(2)} GiB per million payments`,
    );
  }
}

// 4. Retention, twice: the first run prunes what the seed's year left (the seed never pruned); the second,
// right after, is what every hourly run costs once the backlog is gone.
if (PRUNE) {
  const counted = `select
      (select count(*) from webhook_attempts) as webhook_attempts,
      (select count(*) from bank_login_attempts) as bank_login_attempts,
      (select count(*) from operator_login_attempts) as operator_login_attempts,
      (select count(*) from operator_sessions) as operator_sessions,
      (select count(*) from api_rate_buckets) as api_rate_buckets,
      (select count(*) from payment_funnels
        where accounts is not null or challenge is not null or login_rut is not null or holder_name is not null)
        as payment_funnels_scratch`;
  for (const [rows, { url }] of sizes) {
    const db = PostgresDatabase.open(url, { max: 2 });
    const services = buildServices(
      loadConfig({ DATABASE_URL: url, PUENTE_SECRET_KEY: SECRET_KEY, LOG_LEVEL: 'silent' }),
      db,
    );
    try {
      const [before] = await db.query<Record<string, string>>(counted);
      console.log(`\nretention on ${label(rows)} (${load()}), rows before: ${JSON.stringify(before)}`);
      for (const run of ['first run', 'second run']) {
        const started = performance.now();
        const pruned = await services.retention.prune(retentionPolicy(services.config));
        const seconds = (performance.now() - started) / 1000;
        console.log(`  ${run}: ${seconds.toFixed(1)} s, removed ${JSON.stringify(pruned)} (${load()})`);
      }
      const [after] = await db.query<Record<string, string>>(counted);
      console.log(`  rows after: ${JSON.stringify(after)}`);
      // What autovacuum would do next (it may be off on this server); timed, since it is the rest of the cost.
      const started = performance.now();
      await db.query('vacuum webhook_attempts, bank_login_attempts, payment_funnels');
      console.log(`  vacuum of the pruned tables: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await services.close();
    }
  }
}

// 5. Side by side.
console.log(`\nside by side (${sizes.map(([rows]) => label(rows)).join(' / ')})`);
const row = (name: string, values: string[]) =>
  console.log(name.padEnd(44), ...values.map((value) => value.padStart(16)));
const ratio = (values: number[]) =>
  values.length === 2 && values[0] ? `${(((values[1] ?? 0) / values[0] - 1) * 100).toFixed(0)} %` : '';
if (sessionCreate.size > 0) {
  const rates = sizes.map(([rows]) =>
    median((sessionCreate.get(rows) ?? []).map((run) => run.result.requestsPerSecond)),
  );
  row('session create, req/s (median of rounds)', [...rates.map((value) => value.toFixed(0)), ratio(rates)]);
  const p99 = sizes.map(([rows]) => median((sessionCreate.get(rows) ?? []).map((run) => run.result.p99)));
  row('session create, p99 ms (median)', [...p99.map((value) => value.toFixed(0)), ratio(p99)]);
  for (const [name, field] of [
    ['session create, server CPU ms per request', 'server'],
    ['session create, PostgreSQL CPU ms per request', 'postgres'],
  ] as const) {
    const values = sizes.map(([rows]) =>
      median((sessionCreate.get(rows) ?? []).map((run) => run.result.cpuMsPerRequest?.[field] ?? Number.NaN)),
    );
    row(name, [...values.map((value) => value.toFixed(2)), ratio(values)]);
  }
}
if (funnel.size > 0) {
  const pick = (field: (result: FunnelBenchResult) => number) =>
    sizes.map(([rows]) => median((funnel.get(rows) ?? []).map((run) => field(run.result))));
  for (const [name, field] of [
    ['funnel, payments/s', (result: FunnelBenchResult) => result.paymentsPerSecond],
    ['funnel, gateway CPU ms per payment', (result: FunnelBenchResult) => result.gatewayCpuMs],
    ['funnel, PostgreSQL CPU ms per payment', (result: FunnelBenchResult) => result.postgresCpuMs],
    ['funnel page, p50 ms', (result: FunnelBenchResult) => result.pageP50],
    ['funnel page, p99 ms', (result: FunnelBenchResult) => result.pageP99],
  ] as const) {
    const values = pick(field);
    row(name, [...values.map((value) => value.toFixed(1)), ratio(values)]);
  }
}
if (search.size > 0) {
  const [first] = sizes;
  for (const result of search.get(first?.[0] ?? 0)?.results ?? []) {
    const same = sizes.map(([rows]) =>
      search.get(rows)?.results.find((other) => other.name === result.name && other.depth === result.depth),
    );
    const p50 = same.map((entry) => entry?.p50 ?? Number.NaN);
    row(`search ${result.name}, ${result.depth}: p50 / p99 ms`, [
      ...same.map((entry) => (entry ? `${entry.p50.toFixed(1)} / ${entry.p99.toFixed(1)}` : '—')),
      ratio(p50),
    ]);
    const plans = same.map((entry) => entry?.plan.replace(/ \(.*$/, '') ?? '');
    if (new Set(plans).size > 1) console.log(`  plans differ: ${plans.join('  |  ')}`);
  }
  for (const page of search.get(first?.[0] ?? 0)?.pages ?? []) {
    const same = sizes.map(([rows]) => search.get(rows)?.pages.find((other) => other.name === page.name));
    row(`${page.name}: p50 / p99 ms`, [
      ...same.map((entry) => (entry ? `${entry.p50.toFixed(1)} / ${entry.p99.toFixed(1)}` : '—')),
      ratio(same.map((entry) => entry?.p50 ?? Number.NaN)),
    ]);
  }
}
