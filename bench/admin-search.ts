/**
 * Back-office payment search at a million payments, on PostgreSQL.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/admin-search.ts [--rows 1000000] [--runs 30]
 *
 * Seeds (once; kept between runs) a database `puente_bench_admin` with `--rows` payment sessions over 90
 * days and 50 merchants using `insert ... select generate_series`, then measures the search PAGE (the real
 * route through `inject()`: auth, query, HTML) for several filter combinations, on the first page and on a
 * deep page (a cursor half-way through the result), and prints p50/p99 and each query's plan.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { migrate } from '../src/adapters/sql/migrate.ts';
import { PostgresDatabase } from '../src/adapters/sql/postgres-database.ts';
import { encodeCursor, searchWhere } from '../src/adapters/sql/sql-payment-search.ts';
import { buildServices } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import { rutCheckDigit } from '../src/domain/rut.ts';
import { buildApp } from '../src/http/app.ts';
import type { PaymentFilters } from '../src/ports/back-office-reads.ts';
import { loginOperator } from '../test/support/admin.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const ROWS = option('rows', 1_000_000);
const RUNS = option('runs', 30);
const NAME = 'puente_bench_admin';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to a PostgreSQL server (the bench creates its own database)');
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const exists = await admin.query('select 1 from pg_database where datname = $1', [NAME]);
if (exists.rowCount === 0) await admin.query(`create database ${NAME}`);
await admin.end();
const benchUrl = new URL(url);
benchUrl.pathname = `/${NAME}`;
const db = PostgresDatabase.open(benchUrl.toString(), { max: 4 });
await migrate(db);

const RUTS = Array.from({ length: 1000 }, (_, index) => {
  const body = String(10_000_000 + index * 7919);
  return `${body}-${rutCheckDigit(body)}`;
});
const BANK_CODES = [
  'cl_estado',
  'cl_santander',
  'cl_bch',
  'cl_bci',
  'cl_itau',
  'cl_scotiabank',
  'cl_falabella',
  'cl_test',
];

const [{ count } = { count: '0' }] = await db.query<{ count: string }>(
  'select count(*) as count from payment_sessions',
);
if (Number(count) < ROWS) {
  console.log(`seeding ${ROWS} payments (has ${count}) ...`);
  await db.exec('truncate payment_sessions, merchants restart identity cascade');
  await db.query(
    `insert into merchants (code, name, environment, api_token_hash, amount_limit)
     select 'bench_' || m, 'Comercio ' || m, 'sandbox', decode(md5('m' || m), 'hex'), 5000000
       from generate_series(1, 50) m`,
  );
  const chunk = 250_000;
  const started = performance.now();
  for (let from = 1; from <= ROWS; from += chunk) {
    const to = Math.min(from + chunk - 1, ROWS);
    await db.query(
      `insert into payment_sessions (token, merchant_id, merchant_order_id, order_amount, user_bank_code, user_rut,
         payment_token, payment_status, payment_step, signature_token_sealed, expires_at, created_at, updated_at)
       select md5('s' || n) || md5('t' || n), 1 + n % 50, 'OC-' || n, 1000 + (n::bigint * 7919) % 900000,
              case when n % 20 = 0 then null else ($3::text[])[1 + n % 8] end,
              case when n % 3 = 0 then ($4::text[])[1 + n % 1000] end,
              case when n % 20 = 0 then null else 'pt_' || md5('p' || n) end,
              (array['success','success','success','success','success','success','error','cancelled','expired','pending'])[1 + n % 10],
              'transfer_confirmed', 'bench',
              now() - (n * interval '7.776 seconds') + interval '30 minutes',
              now() - (n * interval '7.776 seconds'),
              now() - (n * interval '7.776 seconds') + (n % 300) * interval '1 second'
         from generate_series($1::int, $2::int) n`,
      [from, to, BANK_CODES, RUTS],
    );
    console.log(`  ${to} rows, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await db.exec('analyze payment_sessions; analyze merchants');
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const services = buildServices(
  loadConfig({ DATABASE_URL: benchUrl.toString(), PUENTE_SECRET_KEY: 'b'.repeat(64), LOG_LEVEL: 'silent' }),
  db,
);
const app = await buildApp(services, { logger: false });
const { cookie } = await loginOperator(app, services);

const daysAgo = (days: number) => {
  const date = new Date(Date.now() - days * 86_400_000);
  return date.toISOString().slice(0, 10);
};
const CASES: { name: string; query: Record<string, string> }[] = [
  { name: 'no filter', query: {} },
  { name: 'merchant', query: { merchant: 'bench_7' } },
  { name: 'status=error', query: { status: 'error' } },
  { name: 'bank=cl_bci', query: { bank: 'cl_bci' } },
  { name: 'merchant+status=error', query: { merchant: 'bench_7', status: 'error' } },
  // No payment of merchant 7 is pending in the seed: the worst case, an empty result.
  { name: 'merchant+status=pending', query: { merchant: 'bench_7', status: 'pending' } },
  { name: 'RUT', query: { rut: RUTS[42] ?? '' } },
  { name: 'order id', query: { order: 'OC-777777' } },
  { name: 'payment token', query: { payment: `pt_${createHash('md5').update('p777777').digest('hex')}` } },
  { name: 'one day, 30 days ago', query: { from: daysAgo(30), to: daysAgo(30) } },
  { name: 'merchant+week', query: { merchant: 'bench_7', from: daysAgo(20), to: daysAgo(14) } },
  {
    name: 'status+bank+month',
    query: { status: 'success', bank: 'cl_estado', from: daysAgo(60), to: daysAgo(30) },
  },
];

/** A cursor half-way through a search's results: where "a deep page" starts. */
async function deepCursor(query: Record<string, string>): Promise<string | null> {
  const { readSearchForm } = await import('../src/http/admin/payment-filters.ts');
  const filters: PaymentFilters = readSearchForm(query).filters;
  const params: unknown[] = [];
  const where = searchWhere(filters, params);
  const sql = `select count(*) as count from payment_sessions s ${where.length ? `where ${where.join(' and ')}` : ''}`;
  const [total] = await db.query<{ count: string }>(sql, params);
  const half = Math.floor(Number(total?.count ?? 0) / 2);
  if (half < 100) return null;
  const [row] = await db.query<{ t: string; id: string }>(
    `select to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as t, s.id from payment_sessions s
      ${where.length ? `where ${where.join(' and ')}` : ''} order by s.created_at desc, s.id desc offset ${half} limit 1`,
    params,
  );
  return row ? encodeCursor(row.t, Number(row.id)) : null;
}

async function explain(query: Record<string, string>, after: string | null): Promise<string> {
  const { readSearchForm } = await import('../src/http/admin/payment-filters.ts');
  const { decodeCursor } = await import('../src/adapters/sql/sql-payment-search.ts');
  const params: unknown[] = [];
  const where = searchWhere(readSearchForm(query).filters, params);
  const cursor = after ? decodeCursor(after) : null;
  if (cursor) {
    params.push(cursor.time, cursor.id);
    where.push(`(s.created_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  const plan = await db.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, buffers off, timing off, summary on) select s.id from payment_sessions s join merchants m on m.id = s.merchant_id
      ${where.length ? `where ${where.join(' and ')}` : ''} order by s.created_at desc, s.id desc limit 51`,
    params,
  );
  const lines = plan.map((row) => row['QUERY PLAN']);
  const index = lines.map((line) => /using (\w+)/.exec(line)?.[1]).filter(Boolean);
  const exec = lines.find((line) => line.startsWith('Execution Time'));
  return `${[...new Set(index)].join(', ') || 'seq scan'} (${exec ?? ''})`;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

console.log(
  `\nsearch page latency over ${ROWS} payments, ${RUNS} runs each (ms, whole request through inject)`,
);
console.log(
  'case'.padEnd(26),
  'page'.padEnd(6),
  'rows'.padStart(5),
  'p50'.padStart(7),
  'p99'.padStart(7),
  '  plan',
);
for (const test of CASES) {
  for (const depth of ['first', 'deep'] as const) {
    const after = depth === 'deep' ? await deepCursor(test.query) : null;
    if (depth === 'deep' && !after) continue;
    const search = new URLSearchParams({ ...test.query, ...(after ? { after } : {}) }).toString();
    const times: number[] = [];
    let rows = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const response = await app.inject({
        method: 'GET',
        url: `/admin/payments?${search}`,
        headers: { cookie },
      });
      times.push(performance.now() - started);
      if (response.statusCode !== 200) throw new Error(`${test.name}: ${response.statusCode}`);
      rows = (response.body.match(/<tr><td><a href="\/admin\/payments\//g) ?? []).length;
    }
    times.sort((a, b) => a - b);
    console.log(
      test.name.padEnd(26),
      depth.padEnd(6),
      String(rows).padStart(5),
      percentile(times, 0.5).toFixed(1).padStart(7),
      percentile(times, 0.99).toFixed(1).padStart(7),
      ' ',
      await explain(test.query, after),
    );
  }
}
for (const [name, query] of [
  ['CSV, one merchant', { merchant: 'bench_7' }],
  ['CSV, one month, status=error', { status: 'error', from: daysAgo(60), to: daysAgo(31) }],
] as const) {
  const started = performance.now();
  const response = await app.inject({
    method: 'GET',
    url: `/admin/payments/export.csv?${new URLSearchParams(query).toString()}`,
    headers: { cookie },
  });
  const lines = response.body.split('\r\n').length - 2;
  console.log(`${name}: ${lines} rows in ${(performance.now() - started).toFixed(0)} ms`);
}
await app.close();
await services.close();
