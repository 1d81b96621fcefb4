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
import { buildServices } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import { rutCheckDigit } from '../src/domain/rut.ts';
import { buildApp } from '../src/http/app.ts';
import { loginOperator } from '../test/support/admin.ts';
import {
  formatSearchMeasurements,
  measureCsvExports,
  measureSearchPage,
  searchCases,
} from './search-page.ts';

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

const CASES = searchCases({
  rut: RUTS[42] ?? '',
  order: 'OC-777777',
  paymentToken: `pt_${createHash('md5').update('p777777').digest('hex')}`,
});

console.log(
  `\nsearch page latency over ${ROWS} payments, ${RUNS} runs each (ms, whole request through inject)`,
);
console.log(formatSearchMeasurements(await measureSearchPage({ app, cookie, db, cases: CASES, runs: RUNS })));
for (const csv of await measureCsvExports(app, cookie)) {
  console.log(`${csv.name}: ${csv.rows} rows in ${csv.ms.toFixed(0)} ms`);
}
await app.close();
await services.close();
