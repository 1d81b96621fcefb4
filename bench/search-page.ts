/**
 * The back-office search measurement shared by bench/admin-search.ts and bench/scale.ts: the filter
 * combinations, and the page's latency (the real route through `inject()`: auth, query, HTML) on the first page
 * and on a deep page (a cursor half-way through the result), with the plan of each query.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { decodeCursor, encodeCursor, searchWhere } from '../src/adapters/sql/sql-payment-search.ts';
import { readSearchForm } from '../src/http/admin/payment-filters.ts';
import type { SqlExecutor } from '../src/ports/database.ts';

export interface SearchCase {
  name: string;
  query: Record<string, string>;
}

export interface SearchMeasurement {
  name: string;
  depth: 'first' | 'deep';
  rows: number;
  p50: number;
  p99: number;
  /** The indexes the query's plan uses, and its execution time. */
  plan: string;
}

/** YYYY-MM-DD of `days` days ago (UTC). */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The searches an operator makes, over 50 merchants `bench_1`..`bench_50`; `rut`, `order` and `paymentToken`
 * name one payment's (or payer's) values in the seed being measured.
 */
export function searchCases(seed: { rut: string; order: string; paymentToken: string }): SearchCase[] {
  return [
    { name: 'no filter', query: {} },
    { name: 'merchant', query: { merchant: 'bench_7' } },
    { name: 'status=error', query: { status: 'error' } },
    { name: 'bank=cl_bci', query: { bank: 'cl_bci' } },
    { name: 'merchant+status=error', query: { merchant: 'bench_7', status: 'error' } },
    // Merchant 7 has no payment pending, or a handful: the worst case, an empty or nearly empty result.
    { name: 'merchant+status=pending', query: { merchant: 'bench_7', status: 'pending' } },
    { name: 'RUT', query: { rut: seed.rut } },
    { name: 'order id', query: { order: seed.order } },
    { name: 'payment token', query: { payment: seed.paymentToken } },
    { name: 'one day, 30 days ago', query: { from: daysAgo(30), to: daysAgo(30) } },
    { name: 'merchant+week', query: { merchant: 'bench_7', from: daysAgo(20), to: daysAgo(14) } },
    {
      name: 'status+bank+month',
      query: { status: 'success', bank: 'cl_estado', from: daysAgo(60), to: daysAgo(30) },
    },
  ];
}

/** A cursor half-way through a search's results: where "a deep page" starts. */
async function deepCursor(db: SqlExecutor, query: Record<string, string>): Promise<string | null> {
  const params: unknown[] = [];
  const where = searchWhere(readSearchForm(query).filters, params);
  const filter = where.length ? `where ${where.join(' and ')}` : '';
  const [total] = await db.query<{ count: string }>(
    `select count(*) as count from payment_sessions s ${filter}`,
    params,
  );
  const half = Math.floor(Number(total?.count ?? 0) / 2);
  if (half < 100) return null;
  const [row] = await db.query<{ t: string; id: string }>(
    `select to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as t, s.id from payment_sessions s
      ${filter} order by s.created_at desc, s.id desc offset ${half} limit 1`,
    params,
  );
  return row ? encodeCursor(row.t, Number(row.id)) : null;
}

async function explain(
  db: SqlExecutor,
  query: Record<string, string>,
  after: string | null,
): Promise<string> {
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
  const access = lines
    .map((line) =>
      /Seq Scan on payment_sessions/.test(line)
        ? 'seq scan'
        : /(?:using|Bitmap Index Scan on) (\w+)/.exec(line)?.[1],
    )
    .filter(Boolean);
  const exec = lines.find((line) => line.startsWith('Execution Time'));
  return `${[...new Set(access)].join(', ') || 'seq scan'} (${exec ?? ''})`;
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Each case's first page and (when it has 100 results or more) a deep page, `runs` times each. */
export async function measureSearchPage(options: {
  app: FastifyInstance;
  cookie: string;
  db: SqlExecutor;
  cases: readonly SearchCase[];
  runs: number;
}): Promise<SearchMeasurement[]> {
  const { app, cookie, db, runs } = options;
  const results: SearchMeasurement[] = [];
  for (const test of options.cases) {
    for (const depth of ['first', 'deep'] as const) {
      const after = depth === 'deep' ? await deepCursor(db, test.query) : null;
      if (depth === 'deep' && !after) continue;
      const search = new URLSearchParams({ ...test.query, ...(after ? { after } : {}) }).toString();
      const times: number[] = [];
      let rows = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const response = await app.inject({
          method: 'GET',
          url: `/admin/payments?${search}`,
          headers: { cookie },
        });
        times.push(performance.now() - started);
        if (response.statusCode !== 200) throw new Error(`${test.name}: ${response.statusCode}`);
        rows = (response.body.match(/<tr><td[^>]*><a href="\/admin\/payments\//g) ?? []).length;
      }
      times.sort((a, b) => a - b);
      results.push({
        name: test.name,
        depth,
        rows,
        p50: percentile(times, 0.5),
        p99: percentile(times, 0.99),
        plan: await explain(db, test.query, after),
      });
    }
  }
  return results;
}

export function formatSearchMeasurements(results: readonly SearchMeasurement[]): string {
  const lines = [
    [
      'case'.padEnd(26),
      'page'.padEnd(6),
      'rows'.padStart(5),
      'p50'.padStart(7),
      'p99'.padStart(7),
      '  plan',
    ].join(' '),
  ];
  for (const result of results) {
    lines.push(
      [
        result.name.padEnd(26),
        result.depth.padEnd(6),
        String(result.rows).padStart(5),
        result.p50.toFixed(1).padStart(7),
        result.p99.toFixed(1).padStart(7),
        ' ',
        result.plan,
      ].join(' '),
    );
  }
  return lines.join('\n');
}

/** Two CSV exports (a merchant's payments; a month of errors): rows and milliseconds. */
export async function measureCsvExports(
  app: FastifyInstance,
  cookie: string,
): Promise<{ name: string; rows: number; ms: number }[]> {
  const results: { name: string; rows: number; ms: number }[] = [];
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
    results.push({ name, rows: response.body.split('\r\n').length - 2, ms: performance.now() - started });
  }
  return results;
}
