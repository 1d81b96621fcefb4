/**
 * The seed of the scale bench (bench/scale.ts): `rows` payments of a year, 50 merchants, each payment with
 * what the gateway itself would have written for it — the session, its funnel row, its timeline, and for a
 * final payment with a `payment_token` its webhook event, delivery and attempts (plus the order claim for a
 * merchant with one payment per order, and the failed bank logins of a payer who got the password wrong).
 *
 * Set-based (`insert ... select` over `generate_series`) in chunks, each chunk one transaction that also
 * records how far the seed got, so an interrupted seed continues where it stopped. Rows are written oldest
 * first, so ids grow with time and every index is built by inserts in the order production makes them.
 * Nothing is pruned: the seed is a deployment whose retention never ran (bench/scale.ts runs it).
 *
 * The payment of number `n` (1..rows) is the session of id `n`; its shape (path through the funnel, bank,
 * merchant, payer) comes from hashes of `n`, so the 1M and 10M databases are the same generator at two sizes.
 */
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { migrate } from '../src/adapters/sql/migrate.ts';
import { PostgresDatabase } from '../src/adapters/sql/postgres-database.ts';
import { rutCheckDigit } from '../src/domain/rut.ts';

export const MERCHANTS = 50;
/** Merchants without a webhook URL: their final payments get a `skipped` delivery. */
const WITHOUT_WEBHOOK = [13, 37];
/** Each payer pays about this many times in the year, so a RUT's history is as long at every size. */
const PAYMENTS_PER_PAYER = 50;

/** The payer RUT of pool index `index` (0-based), as `payment_sessions.user_rut` stores it. */
export function payerRut(index: number): string {
  const body = String(5_000_000 + index * 397);
  return `${body}-${rutCheckDigit(body)}`;
}

/** The `payment_token` the seed gives payment `n` (when it got as far as choosing a bank). */
export const paymentTokenSql = (n: string) => `md5('p' || ${n})`;

/**
 * The funnel paths, with their share of the payments older than 30 minutes (per ten thousand); the payments
 * of the last 30 minutes are still open (`pending_*`). `review` is one payment in 100,000.
 */
const PATHS = [
  { path: 'success', upTo: 6200, status: 'success', step: 'transfer_confirmed', state: 'succeeded' },
  { path: 'error', upTo: 6600, status: 'error', step: 'bank_selected', state: 'failed' },
  { path: 'cancel_early', upTo: 7000, status: 'cancelled', step: 'created', state: 'cancelled' },
  { path: 'cancel_login', upTo: 7400, status: 'cancelled', step: 'bank_selected', state: 'cancelled' },
  { path: 'expire_early', upTo: 8900, status: 'expired', step: 'created', state: 'expired' },
  { path: 'expire_login', upTo: 9500, status: 'expired', step: 'bank_selected', state: 'expired' },
  { path: 'expire_2fa', upTo: 10000, status: 'expired', step: 'logged_in', state: 'expired' },
  { path: 'review', upTo: null, status: 'pending', step: 'transfer_submitted', state: 'needs_review' },
  { path: 'pending_open', upTo: null, status: 'pending', step: 'created', state: 'choosing_bank' },
  { path: 'pending_login', upTo: null, status: 'pending', step: 'bank_selected', state: 'logging_in' },
  { path: 'pending_2fa', upTo: null, status: 'pending', step: 'logged_in', state: 'second_factor' },
] as const;

/**
 * Each path's timeline as the funnel writes it (measured on a real payment): step rows (state machine events)
 * and bank calls, at seconds after the session's creation; `expire` comes from the sweep after the 30 minutes.
 */
type Row = [
  kind: 'step' | 'bank_call',
  name: string,
  from: string | null,
  to: string | null,
  outcome: string,
  at: number,
];
const SUCCESS_STEPS: Row[] = [
  ['step', 'choose_bank', 'choosing_bank', 'logging_in', 'bank_selected', 20],
  ['bank_call', 'login', null, null, 'ok', 45],
  ['step', 'login_succeeded', 'logging_in', 'second_factor', 'logged_in', 45],
  ['bank_call', 'verify_second_factor', null, null, 'passed', 75],
  ['bank_call', 'list_accounts', null, null, 'ok:1', 75],
  ['step', 'second_factor_passed', 'second_factor', 'choosing_account', 'second_factor_passed', 75],
  ['step', 'account_chosen', 'choosing_account', 'confirming', 'account_selected', 75],
  ['step', 'transfer_submitted', 'confirming', 'transferring', 'transfer_submitted', 90],
];
const TIMELINES: Record<(typeof PATHS)[number]['path'], Row[]> = {
  success: [
    ...SUCCESS_STEPS,
    ['bank_call', 'transfer', null, null, 'completed', 92],
    ['step', 'transfer_completed', 'transferring', 'succeeded', 'success', 92],
  ],
  error: [
    ['step', 'choose_bank', 'choosing_bank', 'logging_in', 'bank_selected', 20],
    ['bank_call', 'login', null, null, 'wrong_password', 40],
    ['step', 'login_rejected', 'logging_in', 'logging_in', 'wrong_password', 40],
    ['bank_call', 'login', null, null, 'wrong_password', 60],
    ['step', 'login_rejected', 'logging_in', 'logging_in', 'wrong_password', 60],
    ['bank_call', 'login', null, null, 'wrong_password', 80],
    ['step', 'login_attempts_exhausted', 'logging_in', 'failed', 'error', 80],
  ],
  cancel_early: [['step', 'cancel', 'choosing_bank', 'cancelled', 'cancelled', 30]],
  cancel_login: [
    ['step', 'choose_bank', 'choosing_bank', 'logging_in', 'bank_selected', 20],
    ['step', 'cancel', 'logging_in', 'cancelled', 'cancelled', 60],
  ],
  expire_early: [['step', 'expire', 'choosing_bank', 'expired', 'expired', 1830]],
  expire_login: [
    ['step', 'choose_bank', 'choosing_bank', 'logging_in', 'bank_selected', 20],
    ['step', 'expire', 'logging_in', 'expired', 'expired', 1830],
  ],
  expire_2fa: [
    ['step', 'choose_bank', 'choosing_bank', 'logging_in', 'bank_selected', 20],
    ['bank_call', 'login', null, null, 'ok', 45],
    ['step', 'login_succeeded', 'logging_in', 'second_factor', 'logged_in', 45],
    ['step', 'expire', 'second_factor', 'expired', 'expired', 1830],
  ],
  review: [
    ...SUCCESS_STEPS,
    ['bank_call', 'transfer', null, null, 'timeout', 120],
    ['step', 'transfer_lost', 'transferring', 'needs_review', 'transfer_not_received', 3720],
  ],
  pending_open: [],
  pending_login: [['step', 'choose_bank', 'choosing_bank', 'logging_in', 'bank_selected', 20]],
  pending_2fa: [
    ['step', 'choose_bank', 'choosing_bank', 'logging_in', 'bank_selected', 20],
    ['bank_call', 'login', null, null, 'ok', 45],
    ['step', 'login_succeeded', 'logging_in', 'second_factor', 'logged_in', 45],
  ],
};

/** Banks by share of payments (percent, cumulative), with the second factor each asks for and a reference prefix. */
const BANKS = [
  ['cl_estado', 30, '{"kind": "app"}', 'EST', 'CuentaRUT'],
  ['cl_santander', 50, '{"kind": "code", "length": 6}', 'SAN', 'Cuenta Corriente'],
  ['cl_bch', 63, '{"kind": "coordinates", "positions": ["B3", "E1", "H4"]}', 'BCH', 'Cuenta Corriente'],
  ['cl_bci', 75, '{"kind": "app"}', 'BCI', 'Cuenta Corriente'],
  ['cl_itau', 83, '{"kind": "code", "length": 6}', 'ITA', 'Cuenta Corriente'],
  ['cl_scotiabank', 90, '{"kind": "code", "length": 8}', 'SCO', 'Cuenta Vista'],
  ['cl_falabella', 100, '{"kind": "app"}', 'FAL', 'Cuenta Corriente'],
] as const;

/** Waits before each webhook attempt (the default retry schedule), cumulated: seconds after the event. */
const ATTEMPT_AT = [0, 5, 305, 2105, 9305, 27305, 63305, 113705, 185705, 272105];

/** The database of the scale bench for `rows` payments: `puente_bench_1m`, `puente_bench_10m`, `puente_bench_100k`. */
export function scaleDatabaseName(rows: number): string {
  return rows % 1_000_000 === 0
    ? `puente_bench_${rows / 1_000_000}m`
    : `puente_bench_${Math.round(rows / 1000)}k`;
}

export interface SeedState {
  rows: number;
  seededTo: number;
  anchor: Date;
  seconds: number;
  finished: boolean;
}

const q = (text: string) => `'${text.replaceAll("'", "''")}'`;
const literalOrNull = (text: string | null) => (text === null ? 'null' : q(text));

/** The seed's progress, or null when the database was never seeded. */
export async function seedState(client: pg.Client): Promise<SeedState | null> {
  const { rows } = await client
    .query<{
      rows: string;
      seeded_to: string;
      anchor: Date;
      seconds: number;
      finished: boolean;
    }>(`select rows, seeded_to, anchor, seconds, finished from bench_seed_progress`)
    .catch(() => ({ rows: [] }));
  const [row] = rows;
  return row
    ? {
        rows: Number(row.rows),
        seededTo: Number(row.seeded_to),
        anchor: row.anchor,
        seconds: Number(row.seconds),
        finished: row.finished,
      }
    : null;
}

/**
 * Seeds (or finishes seeding) the database at `url` with `rows` payments; creates it if needed. The seeding
 * connection and this process run at the lowest CPU priority (when the server is local and we may renice it),
 * so the rest of the machine's work keeps going.
 */
export async function seedScaleDatabase(
  serverUrl: string,
  rows: number,
  options: { chunk?: number; log?: (line: string) => void } = {},
): Promise<{ url: string; state: SeedState }> {
  const log = options.log ?? console.log;
  const chunk = options.chunk ?? 250_000;
  const name = scaleDatabaseName(rows);
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  const exists = await server.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await server.query(`create database ${name}`);
  await server.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = PostgresDatabase.open(url.toString(), { max: 1 });
  await migrate(db);
  await db.close();

  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    let state = await seedState(client);
    if (state?.finished) return { url: url.toString(), state };
    lowerPriority(client, log);
    if (!state) {
      if (Number((await client.query('select count(*) from payment_sessions')).rows[0].count) > 0)
        throw new Error(`${name} has payments that are not the seed's: drop it first`);
      await client.query(`create table bench_seed_progress (
        rows bigint not null, seeded_to bigint not null, anchor timestamptz not null,
        seconds double precision not null default 0, finished boolean not null default false)`);
      await client.query('insert into bench_seed_progress (rows, seeded_to, anchor) values ($1, 0, now())', [
        rows,
      ]);
      await seedMerchants(client);
      state = await seedState(client);
      if (!state) throw new Error('the seed progress row vanished');
    }
    if (state.rows !== rows) throw new Error(`${name} is being seeded with ${state.rows} rows, not ${rows}`);
    await createHelpers(client, rows);
    log(`${name}: seeding ${rows} payments from ${state.seededTo + 1} in chunks of ${chunk}`);
    for (let from = state.seededTo + 1; from <= rows; from += chunk) {
      const to = Math.min(from + chunk - 1, rows);
      const started = performance.now();
      await client.query('begin');
      try {
        await seedChunk(client, from, to, rows, state.anchor);
        const seconds = (performance.now() - started) / 1000;
        await client.query('update bench_seed_progress set seeded_to = $1, seconds = seconds + $2', [
          to,
          seconds,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
      const done = await seedState(client);
      log(
        `  ${to} / ${rows} payments, chunk ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
          `${((done?.seconds ?? 0) / 60).toFixed(1)} min in all, database ${await databaseSize(client)}`,
      );
    }
    const started = performance.now();
    log(`${name}: vacuum and analyze ...`);
    // The server's autovacuum may be off: this is what it would have done to tables of inserts.
    await client.query('vacuum (analyze)');
    const seconds = (performance.now() - started) / 1000;
    await client.query('update bench_seed_progress set seconds = seconds + $1, finished = true', [seconds]);
    state = await seedState(client);
    if (!state) throw new Error('the seed progress row vanished');
    log(
      `${name}: seeded in ${(state.seconds / 60).toFixed(1)} min (vacuum and analyze ${seconds.toFixed(0)} s), ` +
        `database ${await databaseSize(client)}`,
    );
    return { url: url.toString(), state };
  } finally {
    await client.end();
  }
}

async function databaseSize(client: pg.Client): Promise<string> {
  return (await client.query('select pg_size_pretty(pg_database_size(current_database())) as size')).rows[0]
    .size;
}

function lowerPriority(client: pg.Client, log: (line: string) => void): void {
  try {
    setPriority(19);
  } catch {}
  client
    .query<{ pid: number }>('select pg_backend_pid() as pid')
    .then(({ rows: [row] }) => {
      try {
        if (row) setPriority(row.pid, 19);
      } catch {
        log('  (could not lower the seeding backend priority: not a local server, or not allowed)');
      }
    })
    .catch(() => {});
}

async function seedMerchants(client: pg.Client): Promise<void> {
  await client.query(
    `insert into merchants (id, code, name, environment, api_token_hash, completed_url, cancellation_url,
       webhook_url, frame_origins, amount_limit, one_payment_per_order, created_at, updated_at)
     overriding system value
     select m, 'bench_' || m, 'Comercio ' || m, 'production', sha256(convert_to('bench merchant ' || m, 'UTF8')),
            'https://tienda' || m || '.cl/pago/exito', 'https://tienda' || m || '.cl/pago/cancelado',
            case when m = any($2::int[]) then null else 'https://tienda' || m || '.cl/webhooks/puente' end,
            array['https://tienda' || m || '.cl'], 5000000, m % 5 = 0,
            p.anchor - interval '400 days', p.anchor - interval '400 days'
       from generate_series(1, $1::int) m, bench_seed_progress p`,
    [MERCHANTS, WITHOUT_WEBHOOK],
  );
  await client.query(`select setval(pg_get_serial_sequence('merchants', 'id'), $1)`, [MERCHANTS]);
}

/** Lookup tables of this connection: paths, timelines, banks, the payers' RUTs, the attempt schedule. */
async function createHelpers(client: pg.Client, rows: number): Promise<void> {
  await client.query(
    `create temp table seed_paths (path text primary key, up_to int, status text, step text, state text)`,
  );
  await client.query(
    `insert into seed_paths values ${PATHS.map(
      (p) => `(${q(p.path)}, ${p.upTo ?? 'null'}, ${q(p.status)}, ${q(p.step)}, ${q(p.state)})`,
    ).join(', ')}`,
  );
  await client.query(`create temp table seed_steps (path text, position int, kind text, name text,
    from_state text, to_state text, outcome text, at_seconds int, primary key (path, position))`);
  const steps = Object.entries(TIMELINES).flatMap(([path, timeline]) =>
    timeline.map(
      ([kind, name, from, to, outcome, at], position) =>
        `(${q(path)}, ${position + 1}, ${q(kind)}, ${q(name)}, ${literalOrNull(from)}, ${literalOrNull(to)}, ${q(outcome)}, ${at})`,
    ),
  );
  await client.query(`insert into seed_steps values ${steps.join(', ')}`);
  await client.query(
    `create temp table seed_banks (code text, up_to int, challenge jsonb, prefix text, account_type text)`,
  );
  await client.query(
    `insert into seed_banks values ${BANKS.map(
      ([code, upTo, challenge, prefix, type]) =>
        `(${q(code)}, ${upTo}, ${q(challenge)}, ${q(prefix)}, ${q(type)})`,
    ).join(', ')}`,
  );
  const payers = Math.max(1, Math.floor(rows / PAYMENTS_PER_PAYER));
  await client.query('create temp table seed_payers (i int primary key, rut text not null)');
  await client.query(
    'insert into seed_payers select i, rut from unnest($1::text[]) with ordinality as r(rut, i)',
    [Array.from({ length: payers }, (_, index) => payerRut(index))],
  );
  await client.query('create temp table seed_attempt_at (k int primary key, seconds int)');
  await client.query(
    `insert into seed_attempt_at values ${ATTEMPT_AT.map((seconds, index) => `(${index + 1}, ${seconds})`).join(', ')}`,
  );
  await client.query('analyze seed_paths, seed_steps, seed_banks, seed_payers, seed_attempt_at');
}

/** Payments `from`..`to` with everything the gateway writes for them, in one transaction. */
async function seedChunk(
  client: pg.Client,
  from: number,
  to: number,
  rows: number,
  anchor: Date,
): Promise<void> {
  const payers = Math.max(1, Math.floor(rows / PAYMENTS_PER_PAYER));
  // One row per payment with its shape; the inserts below read it. `u*` are independent hashes of n.
  await client.query(
    `create temp table seed_chunk on commit drop as
     with base as (
       select n, 1 + n % ${MERCHANTS} as m,
              $3::timestamptz - interval '365 days' + n * ($4::double precision * interval '1 second') as created_at,
              abs(hashint8extended(n, 1) % 10000)::int as u_path,
              abs(hashint8extended(n, 2) % 100)::int as u_bank,
              abs(hashint8extended(n, 3) % 1000)::int as u_delivery,
              1 + abs(hashint8extended(n, 4) % ${payers})::int as payer,
              abs(hashint8extended(n, 5) % 100)::int as u_misc
         from generate_series($1::bigint, $2::bigint) n)
     select b.*, p.path, p.status, p.step, p.state,
            case when p.path in ('pending_open', 'cancel_early', 'expire_early') then null else bk.code end as bank,
            case when p.path in ('pending_open', 'cancel_early', 'expire_early') then null
                 else ${paymentTokenSql('b.n')} end as payment_token,
            bk.challenge, bk.prefix, bk.account_type, r.rut,
            b.created_at + make_interval(secs => coalesce(
              (select max(at_seconds) from seed_steps s where s.path = p.path), 0)) as updated_at,
            b.m = any($5::int[]) as no_webhook
       from base b
       cross join lateral (
         select * from seed_paths p
          where p.path = case
            when b.created_at > $3::timestamptz - interval '30 minutes'
              then (array['pending_open', 'pending_login', 'pending_2fa'])[1 + b.u_path % 3]
            when b.n % 100000 = 50000 then 'review'
            else (select path from seed_paths where up_to > b.u_path order by up_to limit 1) end) p
       cross join lateral (select * from seed_banks where up_to > b.u_bank order by up_to limit 1) bk
       join seed_payers r on r.i = b.payer`,
    [from, to, anchor, (365 * 86400) / rows, WITHOUT_WEBHOOK],
  );
  await client.query(
    `insert into payment_sessions (id, token, merchant_id, merchant_order_id, order_amount, customer_email,
       user_bank_code, user_rut, metadata, completed_url, cancellation_url, webhook_url, concat,
       signature_token_sealed, payment_token, payment_status, payment_step, expires_at, created_at, updated_at)
     overriding system value
     select n, md5('t' || n) || md5('u' || n), m, 'OC-' || n, 1000 + (n * 7919) % 900000,
            case when u_misc < 40 then 'cliente' || payer || '@correo.cl' end,
            bank,
            case when step in ('logged_in', 'transfer_submitted', 'transfer_confirmed') or n % 3 = 0 then rut end,
            case when u_misc < 50 then jsonb_build_array(jsonb_build_object('name', 'Pedido', 'value', 'OC-' || n, 'show', true))
                 else '[]'::jsonb end,
            'https://tienda' || m || '.cl/pago/exito', 'https://tienda' || m || '.cl/pago/cancelado',
            case when not no_webhook then 'https://tienda' || m || '.cl/webhooks/puente' end, '&',
            'v1.e0e77a50.' || rpad('', 126, md5('s' || n)),
            payment_token, status, step, created_at + interval '30 minutes', created_at, updated_at
       from seed_chunk order by n`,
  );
  await client.query(
    `insert into payment_funnels (session_id, state, bank_code, bank_handle_sealed, challenge, accounts, account_id,
       account_last4, account_type, holder_name, login_rut, login_attempts, failure_reason, csrf_secret,
       transfer_submitted_at, transfer_status, bank_reference, transfer_check_at, updated_at, version, widget_origin)
     select n, state, bank,
            case when path = 'pending_2fa' then 'v1.e0e77a50.' || rpad('', 180, md5('h' || n)) end,
            case when path in ('success', 'review', 'expire_2fa', 'pending_2fa') then challenge end,
            case when path in ('success', 'review') then jsonb_build_array(jsonb_build_object(
              'id', lower(prefix) || '-' || rut || '-1', 'type', account_type, 'last4', lpad((n % 10000)::text, 4, '0'))) end,
            case when path in ('success', 'review') then lower(prefix) || '-' || rut || '-1' end,
            case when path in ('success', 'review') then lpad((n % 10000)::text, 4, '0') end,
            case when path in ('success', 'review') then account_type end,
            case when path in ('success', 'review') then
              (array['Ana', 'Luis', 'María', 'José', 'Camila', 'Diego'])[1 + n % 6] || ' ' ||
              (array['Pérez', 'González', 'Muñoz', 'Rojas', 'Díaz', 'Soto', 'Contreras'])[1 + n % 7] || ' ' ||
              (array['Soto', 'Silva', 'Morales', 'Araya', 'Fuentes'])[1 + n % 5] end,
            case when path = 'error' then rut end,
            case when path = 'error' then 3 else 0 end,
            case when path = 'error' then 'wrong_password'
                 when path in ('cancel_early', 'cancel_login') then 'cancelled_by_payer' end,
            left(md5('c' || n) || md5('d' || n), 43),
            case when path in ('success', 'review') then created_at + interval '90 seconds' end,
            case when path = 'success' then 'completed' when path = 'review' then 'lost' end,
            case when path = 'success' then prefix || '-' || lpad((n % 100000000)::text, 8, '0') end,
            case when path = 'review' then $1::timestamptz + make_interval(hours => (1 + n % 24)::int) end,
            updated_at,
            (select count(*) from seed_steps s where s.path = c.path and s.kind = 'step')::int,
            case when u_misc >= 90 then 'https://tienda' || m || '.cl' end
       from seed_chunk c order by n`,
    [anchor],
  );
  await client.query(
    `insert into payment_timeline (session_id, payment_token, kind, name, bank_code, from_state, to_state, outcome,
       duration_ms, created_at)
     select c.n, c.payment_token, s.kind, s.name, c.bank, s.from_state, s.to_state, s.outcome,
            case when s.kind = 'bank_call' then 40 + (c.n * 31 + s.position * 17) % 900 end,
            c.created_at + make_interval(secs => s.at_seconds)
       from seed_chunk c join seed_steps s on s.path = c.path
      order by c.n, s.position`,
  );
  // Final payments that reached a bank (a payment_token) notify the merchant; the others notify nothing.
  await client.query(
    `insert into webhook_events (id, session_id, payment_status, jti, jwt, created_at)
     overriding system value
     select n, n, status, md5('j' || n)::uuid::text,
            'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' || rpad('', 530, md5('w' || n)) || '.' || left(md5('x' || n) || md5('y' || n), 43),
            updated_at
       from seed_chunk where payment_token is not null and status <> 'pending' order by n`,
  );
  // Delivered at the first attempt (97.5 %), after retries (2.3 %), or failed after the whole schedule (0.2 %).
  await client.query(
    `insert into webhook_deliveries (id, event_id, url, status, skip_reason, failure_reason, schedule_step,
       attempt_count, next_attempt_at, last_status_code, last_error, delivered_at, created_at, updated_at)
     overriding system value
     select n, n, url, status, skip_reason, failure_reason, attempts, attempts, null,
            case when status = 'delivered' then 200 when status = 'failed' then 503 end, null,
            case when status = 'delivered' then done end, updated_at, coalesce(done, updated_at)
       from (
         select n, updated_at,
                case when no_webhook then null else 'https://tienda' || m || '.cl/webhooks/puente' end as url,
                case when no_webhook then 'skipped' when u_delivery < 998 then 'delivered' else 'failed' end as status,
                case when no_webhook then 'no_webhook_url' end as skip_reason,
                case when not no_webhook and u_delivery >= 998 then 'exhausted' end as failure_reason,
                case when no_webhook then 0 when u_delivery < 975 then 1 when u_delivery < 990 then 2
                     when u_delivery < 998 then 3 else ${ATTEMPT_AT.length} end as attempts,
                updated_at + make_interval(secs => (select seconds from seed_attempt_at where k =
                  case when no_webhook then 1 when u_delivery < 975 then 1 when u_delivery < 990 then 2
                       when u_delivery < 998 then 3 else ${ATTEMPT_AT.length} end) + 0.3) as done
           from seed_chunk where payment_token is not null and status <> 'pending') d
      order by n`,
  );
  await client.query(
    `insert into webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt)
     select d.id, e.created_at + make_interval(secs => a.seconds + 0.02),
            case when a.k = d.attempt_count and d.status = 'delivered' then 200
                 when (d.id + a.k) % 3 = 0 then null else 503 end,
            case when a.k = d.attempt_count and d.status = 'delivered' then 30 + d.id % 250 else 10000 end,
            case when not (a.k = d.attempt_count and d.status = 'delivered') and (d.id + a.k) % 3 = 0 then 'timeout' end,
            case when not (a.k = d.attempt_count and d.status = 'delivered') and (d.id + a.k) % 3 <> 0
                 then '<html><head><title>503 Service Temporarily Unavailable</title></head></html>' end
       from webhook_deliveries d
       join webhook_events e on e.id = d.event_id
       join seed_attempt_at a on a.k <= d.attempt_count
      where d.id between $1 and $2
      order by d.id, a.k`,
    [from, to],
  );
  // A merchant with one payment per order keeps the claim of every paid order (and of one under review).
  await client.query(
    `insert into payment_order_claims (merchant_id, merchant_order_id, session_id, claimed_at)
     select m, 'OC-' || n, n, created_at + interval '90 seconds'
       from seed_chunk where m % 5 = 0 and path in ('success', 'review') order by n`,
  );
  // The payer who typed a wrong password three times left three failed bank logins (the RUT only as a digest).
  await client.query(
    `insert into bank_login_attempts (bank_code, rut_digest, client_address, outcome, attempted_at)
     select bank, sha256(convert_to('bench ' || rut, 'UTF8')), '190.' || (n % 250) || '.' || (n / 250 % 250) || '.' || (n % 97),
            'wrong_password', created_at + make_interval(secs => s.at_seconds)
       from seed_chunk c join seed_steps s on s.path = c.path and s.kind = 'bank_call'
      where c.path = 'error' order by n, s.position`,
  );
  // Ids were given (the payment's number): the identities go on from the last one.
  for (const table of ['payment_sessions', 'webhook_events', 'webhook_deliveries'])
    await client.query(`select setval(pg_get_serial_sequence($1, 'id'), (select max(id) from ${table}))`, [
      table,
    ]);
}
