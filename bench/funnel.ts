// The payment funnel under load (issues 3 and 12): complete payments per second driven over HTTP (no browser)
// against the bank simulator with zero latency, on PostgreSQL, with the CPU each payment costs the gateway
// and PostgreSQL; then the funnel page's p50/p99 latency at a fixed 200 requests/s. The simulator runs in its
// own process, as the separate service it is, so the gateway's CPU is its own. With `BENCH_INSTANCES=3` the
// payers go through a round-robin proxy to three gateways; with `BENCH_KILL=1` one of them is SIGKILLed
// half-way, and the run ends with an audit of the simulator's ledger, the payments and the webhooks received.
// With `flow: 'open-finance'` the payers authorise at the model bank instead (PAR, PKCE, private_key_jwt, the
// bank's login and consent pages, the callback, the payment order): payments only, no page phase.

import pg from 'pg';
import type { BankCode } from '../src/domain/banks.ts';
import { FunnelClient, sleep, walkPayment } from '../test/support/funnel-client.ts';
import { walkOpenFinancePayment } from '../test/support/open-finance-walk.ts';
import {
  createMerchantWithCli,
  freePort,
  runPuente,
  waitUntilServing,
} from '../test/support/puente-process.ts';
import { createScratchDatabase } from '../test/support/scratch-database.ts';
import { startRoundRobinProxy } from './round-robin-proxy.ts';
import { cpuSeconds, startWebhookReceiver } from './support.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PAYERS = Number(process.env.BENCH_PAYERS ?? 24);
/**
 * Complete payments before the measured run, not counted. V8 keeps compiling the gateway's functions with its
 * optimising compiler for the first few thousand payments (`node --trace-opt`, 12 payers: about 640
 * optimisations in the first 400 payments, 460–470 more in the next 2,800, a handful after 3,200), on
 * threads whose CPU the figure counts. A gateway in service has long finished that, so the measured run
 * starts after it. Counted with callgrind, the gateway ran 12.2–12.4 million instructions a payment from the
 * 400th payment on, and 6.4–7.0 million from the 3,000th on.
 */
const WARMUP_PAYMENTS = Number(process.env.BENCH_WARMUP_PAYMENTS ?? 4_000);
const PAGE_RATE = Number(process.env.BENCH_PAGE_RATE ?? 200);
const BANK = process.env.BENCH_BANK ?? 'cl_test';
/**
 * After the load, how long the audit waits for transfers in flight and webhooks to settle. Longer than
 * `PUENTE_TRANSFER_LOST_AFTER_SECONDS` (120) plus a recheck (5): a gateway killed after writing a transfer's
 * intent and before calling the bank leaves a transfer the bank never saw, which the sweeps give up on (to
 * review) only that long after it was sent.
 */
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 150);

export interface FunnelBenchResult {
  paymentsPerSecond: number;
  payments: number;
  failures: number;
  /** CPU milliseconds per complete payment. */
  gatewayCpuMs: number;
  postgresCpuMs: number;
  simulatorCpuMs: number;
  pageP50: number;
  pageP99: number;
  pageRequests: number;
  audit: FunnelAudit;
}

export interface FunnelAudit {
  /** Sessions whose money moved at the bank but which Puente does not show paid, or the other way round. */
  lost: number;
  /** Payment tokens with more than one ledger entry. */
  doubleTransfers: number;
  /** Final payments whose webhook never reached the receiver, or reached it with another status. */
  webhooksLost: number;
  /** Transfers still in flight after the drain. */
  stuck: number;
  /** Lost transfers waiting for an operator (needs_review): an honest outcome, counted apart. */
  inReview: number;
  /** Seconds from the end of the load (or the kill) until nothing was in flight and every webhook had arrived. */
  settledSeconds: number;
}

/**
 * A fresh scratch database, dropped after the run; or, with `existing` (`BENCH_DATABASE`), that database as it
 * is (bench/scale.ts points the bench at a seeded one): the run adds its merchant and payments, removes nothing.
 */
async function benchDatabase(
  existing: string | undefined,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (existing) return { url: existing, drop: async () => {} };
  const server =
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  return createScratchDatabase(server, 'puente_bench_funnel');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * `instances` gateways share one database, as a horizontally scaled deployment does: with more than one, the
 * payers reach them through a round-robin proxy, so any instance serves any step of a payment.
 */
export async function benchFunnel(
  instances = Number(process.env.BENCH_INSTANCES ?? 1),
  flow: 'credentials' | 'open-finance' = 'credentials',
  kill = process.env.BENCH_KILL === '1',
  existingDatabase = process.env.BENCH_DATABASE,
): Promise<FunnelBenchResult> {
  if (flow === 'open-finance' && instances !== 1) throw new Error('the open-finance bench runs one gateway');
  if (kill && instances < 2) throw new Error('BENCH_KILL=1 needs BENCH_INSTANCES of 2 or more');
  const database = await benchDatabase(existingDatabase);
  const simulatorPort = await freePort();
  const shared = {
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '20',
    LOG_LEVEL: 'warn',
    PUENTE_API_RATE_LIMIT: '0',
    // Retention prunes at start: on a seeded database that is a long job of its own, measured apart.
    PUENTE_RETENTION_INTERVAL_MINUTES: '0',
    PUENTE_BANK_SIM_PORT: String(simulatorPort),
    PUENTE_BANK_SIM_APPROVAL_DELAY_MS: '0',
    PUENTE_BANK_SIM_PENDING_DELAY_MS: '0',
    PUENTE_BANK_SIM_EMBEDDED: 'false',
    ...(flow === 'open-finance' ? { PUENTE_OPEN_FINANCE_BANKS: BANK } : {}),
  };
  const receiver = await startWebhookReceiver();
  const merchant = await createMerchantWithCli(shared, 'Tienda Bench', ['--webhook-url', receiver.url]);
  const simulator = runPuente(['bank-sim'], shared);
  const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
  const gateways = ports.map((port) => runPuente(['serve'], { ...shared, PORT: String(port) }));
  const gatewayUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  const proxy = instances > 1 ? await startRoundRobinProxy(gatewayUrls) : null;
  const baseUrl = proxy?.url ?? gatewayUrls[0] ?? '';
  const postgres = new pg.Client({ connectionString: database.url });
  try {
    await Promise.all(
      gateways.map((gateway, index) => waitUntilServing(gatewayUrls[index] ?? '', gateway.output)),
    );
    await postgres.connect();
    const updatesBefore = await updateCounts(postgres);
    let order = 0;
    const merchantServer = new FunnelClient(baseUrl);
    const newSession = async () => {
      const answer = await merchantServer.postJson('/session/initialize', {
        merchant_code: merchant.merchant_code,
        merchant_api_token: merchant.merchant_api_token,
        merchant_order_id: `OC-BENCH-${++order}`,
        order_amount: 1_000,
      });
      if (answer.status !== 200) throw new Error(`initialize answered ${answer.status}: ${answer.body}`);
      return (JSON.parse(answer.body) as { token: string }).token;
    };

    // 1. Complete payments: each payer creates a session and walks it to the merchant's success URL. A payer
    // whose request died with a killed gateway (502, or no answer) gives up on that payment, as a person
    // might; the audit below says what became of it.
    let payments = 0;
    let failures = 0;
    let interrupted = 0;
    let warmupLeft = WARMUP_PAYMENTS;
    const run = async (until: number, count: boolean) => {
      while (count ? Date.now() < until : warmupLeft-- > 0) {
        try {
          const token = await newSession();
          const result =
            flow === 'open-finance'
              ? await walkOpenFinancePayment(baseUrl, `/session/${token}`, {
                  bank: BANK as BankCode,
                  rut: '11.111.111-1',
                })
              : await walkPayment(new FunnelClient(baseUrl), `/session/${token}`, {
                  bank: BANK,
                  rut: '11.111.111-1',
                });
          if (!count) continue;
          if (result.redirect?.includes('/ok?jwt=')) payments++;
          else if (result.status === 502) interrupted++;
          else failures++;
        } catch (error) {
          if (!kill) throw error;
          interrupted++;
        }
      }
    };
    const warmupStarted = Date.now();
    await Promise.all(Array.from({ length: PAYERS }, () => run(0, false)));
    const warmupSeconds = (Date.now() - warmupStarted) / 1000;
    const backends = async () =>
      (
        await postgres.query<{ pid: number }>(
          'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        )
      ).rows.map((row) => row.pid);
    const gatewayPids = gateways.map((gateway) => gateway.child.pid ?? 0);
    const simulatorPid = simulator.child.pid ?? 0;
    const pgPidsBefore = await backends();
    const cpuBefore = {
      gateway: cpuSeconds(gatewayPids),
      postgres: cpuSeconds(pgPidsBefore),
      simulator: cpuSeconds([simulatorPid]),
    };
    const started = Date.now();
    let killedAt: number | null = null;
    const killer = kill
      ? setTimeout(
          () => {
            killedAt = Date.now();
            gateways.at(-1)?.child.kill('SIGKILL');
          },
          (SECONDS * 1000) / 2,
        )
      : null;
    await Promise.all(Array.from({ length: PAYERS }, () => run(started + SECONDS * 1000, true)));
    const elapsed = (Date.now() - started) / 1000;
    if (killer) clearTimeout(killer);
    const pgPidsAfter = [...new Set([...pgPidsBefore, ...(await backends())])];
    // A killed gateway's CPU cannot be read any more: the per-payment figure comes from a run without a kill.
    const perPayment = (seconds: number) => (payments === 0 ? Number.NaN : (seconds * 1000) / payments);
    const gatewayCpuMs = perPayment(cpuSeconds(gatewayPids) - cpuBefore.gateway);
    const postgresCpuMs = perPayment(cpuSeconds(pgPidsAfter) - cpuBefore.postgres);
    const simulatorCpuMs = perPayment(cpuSeconds([simulatorPid]) - cpuBefore.simulator);
    const paymentsPerSecond = payments / elapsed;
    const audit = await auditRun(
      postgres,
      simulatorPort,
      receiver,
      merchant.merchant_code,
      killedAt ?? Date.now(),
    );
    const hot = await hotUpdates(postgres, updatesBefore);

    const setup =
      instances === 1
        ? '1 gateway'
        : `${instances} gateways behind a round-robin proxy${kill ? ', one SIGKILLed half-way' : ''}`;
    const lines = [
      `\nFunnel${flow === 'open-finance' ? ', open finance' : ''} (PostgreSQL, simulator in its own process with zero latency, bank ${BANK}, ${PAYERS} payers, ${SECONDS} s, ${setup})`,
      `  warm-up: ${WARMUP_PAYMENTS} payments, not counted, in ${warmupSeconds.toFixed(0)} s`,
      `  complete payments: ${paymentsPerSecond.toFixed(1)}/s (${payments} paid, ${failures} not${interrupted > 0 ? `, ${interrupted} interrupted by the kill` : ''})`,
      kill
        ? '  CPU per payment: not measured in a run with a kill (the killed gateway takes its figures with it)'
        : `  CPU per complete payment: gateway ${gatewayCpuMs.toFixed(2)} ms, PostgreSQL ${postgresCpuMs.toFixed(2)} ms (its backends for this database), simulator ${simulatorCpuMs.toFixed(2)} ms`,
      `  updates that were HOT (no index touched): ${hot.map((table) => `${table.relname} ${table.share}`).join(', ')}`,
      `  audit: payments lost ${audit.lost}, double transfers ${audit.doubleTransfers}, webhooks lost ${audit.webhooksLost}, stuck ${audit.stuck}, in review ${audit.inReview}; settled ${audit.settledSeconds.toFixed(1)} s after ${kill ? 'the kill' : 'the load'}`,
    ];
    console.log(lines.join('\n'));
    const result: FunnelBenchResult = {
      paymentsPerSecond,
      payments,
      failures,
      gatewayCpuMs,
      postgresCpuMs,
      simulatorCpuMs,
      pageP50: Number.NaN,
      pageP99: Number.NaN,
      pageRequests: 0,
      audit,
    };
    if (flow === 'open-finance' || kill) return result;

    // 2. The funnel page at a fixed rate (open loop: requests leave on schedule, whatever came back).
    const tokens = await Promise.all(Array.from({ length: 50 }, () => newSession()));
    const total = PAGE_RATE * SECONDS;
    const latencies: number[] = [];
    let pageErrors = 0;
    const pageStart = performance.now();
    await Promise.all(
      Array.from({ length: total }, async (_unused, index) => {
        const due = pageStart + (index * 1000) / PAGE_RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sent = performance.now();
        try {
          const answer = await fetch(`${baseUrl}/session/${tokens[index % tokens.length]}`);
          await answer.text();
          if (answer.status === 200) latencies.push(performance.now() - sent);
          else pageErrors++;
        } catch {
          pageErrors++;
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    result.pageP50 = percentile(latencies, 50);
    result.pageP99 = percentile(latencies, 99);
    result.pageRequests = latencies.length;
    console.log(
      `  GET /session/{token} at ${PAGE_RATE}/s: p50 ${result.pageP50.toFixed(1)} ms, p99 ${result.pageP99.toFixed(1)} ms over ${latencies.length} requests${pageErrors > 0 ? `, ${pageErrors} failed` : ''} (target p99 < 25 ms)`,
    );
    return result;
  } finally {
    await postgres.end().catch(() => {});
    await proxy?.close();
    for (const process of [...gateways, simulator]) {
      if (process.child.exitCode !== null || process.child.signalCode !== null) continue; // the killed one
      process.child.kill('SIGTERM');
      await process.exited();
    }
    await receiver.close();
    await database.drop();
  }
}

interface UpdateCounts {
  relname: string;
  updates: number;
  hot: number;
}

/** Updates and heap-only updates of the funnel tables so far, from the statistics the server keeps. */
async function updateCounts(postgres: pg.Client): Promise<UpdateCounts[]> {
  const { rows } = await postgres.query<UpdateCounts>(
    `select relname, n_tup_upd::int as updates, n_tup_hot_upd::int as hot from pg_stat_user_tables
      where relname in ('payment_sessions', 'payment_funnels') order by relname`,
  );
  return rows;
}

/**
 * The share of each funnel table's updates since `before` that PostgreSQL made heap-only (HOT: no index entry
 * written, the new row version on the same page). Others' statistics reach the shared view within a second
 * or so of their transaction.
 */
async function hotUpdates(
  postgres: pg.Client,
  before: readonly UpdateCounts[],
): Promise<{ relname: string; share: string }[]> {
  await sleep(1_500);
  return (await updateCounts(postgres)).map((row) => {
    const earlier = before.find((counts) => counts.relname === row.relname);
    const updates = row.updates - (earlier?.updates ?? 0);
    const hot = row.hot - (earlier?.hot ?? 0);
    return {
      relname: row.relname,
      share: updates === 0 ? '—' : `${Math.round((100 * hot) / updates)} % of ${updates}`,
    };
  });
}

/**
 * Waits until no transfer is in flight and every final payment's webhook has arrived (or `DRAIN_SECONDS`
 * pass), then compares the simulator's ledger, the run merchant's payments and the receiver.
 */
async function auditRun(
  postgres: pg.Client,
  simulatorPort: number,
  receiver: Awaited<ReturnType<typeof startWebhookReceiver>>,
  merchantCode: string,
  from: number,
): Promise<FunnelAudit> {
  interface Row {
    token: string;
    payment_status: string;
    payment_token: string | null;
    state: string;
  }
  const read = async () =>
    (
      await postgres.query<Row>(
        `select s.token, s.payment_status, s.payment_token, f.state
           from payment_sessions s join payment_funnels f on f.session_id = s.id
          where s.merchant_id = (select id from merchants where code = $1)`,
        [merchantCode],
      )
    ).rows;
  const unsettled = (rows: Row[]) =>
    rows.filter(
      (row) =>
        row.state === 'transferring' ||
        (row.payment_status !== 'pending' &&
          row.payment_token !== null &&
          receiver.statuses.get(row.token) !== row.payment_status),
    ).length;
  let rows = await read();
  while (unsettled(rows) > 0 && Date.now() - from < DRAIN_SECONDS * 1000) {
    await sleep(500);
    rows = await read();
  }
  const settledSeconds = (Date.now() - from) / 1000;
  const ledger = (await (await fetch(`http://127.0.0.1:${simulatorPort}/admin/ledger`)).json()) as {
    entries: { idempotency_key: string }[];
  };
  const booked = new Map<string, number>();
  for (const entry of ledger.entries)
    booked.set(entry.idempotency_key, (booked.get(entry.idempotency_key) ?? 0) + 1);
  let lost = 0;
  let webhooksLost = 0;
  for (const row of rows) {
    const moved = row.payment_token !== null && booked.has(row.payment_token);
    if (moved !== (row.payment_status === 'success') && row.state !== 'needs_review') lost++;
    if (
      row.payment_status !== 'pending' &&
      row.payment_token !== null &&
      receiver.statuses.get(row.token) !== row.payment_status
    )
      webhooksLost++;
  }
  return {
    lost,
    doubleTransfers: [...booked.values()].filter((count) => count > 1).length,
    webhooksLost,
    stuck: rows.filter((row) => row.state === 'transferring').length,
    inReview: rows.filter((row) => row.state === 'needs_review').length,
    settledSeconds,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFunnel();
