// The payment funnel under load (issue 3): complete payments per second driven over HTTP (no browser)
// against the bank simulator with zero latency, on PostgreSQL; then the funnel page's p50/p99 latency at a
// fixed 200 requests/s. The gateway (with its embedded simulator) runs in its own process. With
// `flow: 'open-finance'` the payers authorise at the model bank instead (PAR, PKCE, private_key_jwt, the
// bank's login and consent pages, the callback, the payment order): payments only, no page phase.

import type { BankCode } from '../src/domain/banks.ts';
import { FunnelClient, walkPayment } from '../test/support/funnel-client.ts';
import { walkOpenFinancePayment } from '../test/support/open-finance-walk.ts';
import {
  createMerchantWithCli,
  freePort,
  runPuente,
  waitUntilServing,
} from '../test/support/puente-process.ts';
import { createScratchDatabase } from '../test/support/scratch-database.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PAYERS = Number(process.env.BENCH_PAYERS ?? 24);
const PAGE_RATE = Number(process.env.BENCH_PAGE_RATE ?? 200);
const BANK = process.env.BENCH_BANK ?? 'cl_test';

export interface FunnelBenchResult {
  paymentsPerSecond: number;
  payments: number;
  failures: number;
  pageP50: number;
  pageP99: number;
  pageRequests: number;
}

function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
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
 * `instances` gateways share one database, as a horizontally scaled deployment does (any instance serves any
 * step, so each payer's requests go round-robin over them); with more than one, the bank simulator runs as
 * its own process (`puente bank-sim`), as the separate service it is.
 */
export async function benchFunnel(
  instances = Number(process.env.BENCH_INSTANCES ?? 1),
  flow: 'credentials' | 'open-finance' = 'credentials',
): Promise<FunnelBenchResult> {
  if (flow === 'open-finance' && instances !== 1) throw new Error('the open-finance bench runs one gateway');
  const database = await freshDatabase();
  const simulatorPort = await freePort();
  const shared = {
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '20',
    LOG_LEVEL: 'warn',
    PUENTE_API_RATE_LIMIT: '0',
    PUENTE_BANK_SIM_PORT: String(simulatorPort),
    PUENTE_BANK_SIM_APPROVAL_DELAY_MS: '0',
    PUENTE_BANK_SIM_PENDING_DELAY_MS: '0',
    PUENTE_BANK_SIM_EMBEDDED: instances > 1 ? 'false' : 'true',
    ...(flow === 'open-finance' ? { PUENTE_OPEN_FINANCE_BANKS: BANK } : {}),
  };
  const merchant = await createMerchantWithCli(shared, 'Tienda Bench');
  const simulator = instances > 1 ? runPuente(['bank-sim'], shared) : null;
  const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
  const gateways = ports.map((port) => runPuente(['serve'], { ...shared, PORT: String(port) }));
  const baseUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  const baseUrl = baseUrls[0] ?? '';
  try {
    await Promise.all(
      gateways.map((gateway, index) => waitUntilServing(baseUrls[index] ?? '', gateway.output)),
    );
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

    // 1. Complete payments: each payer creates a session and walks it to the merchant's success URL.
    let payments = 0;
    let failures = 0;
    const run = async (until: number, count: boolean) => {
      while (Date.now() < until) {
        const token = await newSession();
        const result =
          flow === 'open-finance'
            ? await walkOpenFinancePayment(baseUrl, `/session/${token}`, {
                bank: BANK as BankCode,
                rut: '11.111.111-1',
              })
            : await walkPayment(new FunnelClient(baseUrls), `/session/${token}`, {
                bank: BANK,
                rut: '11.111.111-1',
              });
        if (!count) continue;
        if (result.redirect?.includes('/ok?jwt=')) payments++;
        else failures++;
      }
    };
    await Promise.all(Array.from({ length: PAYERS }, () => run(Date.now() + 2_000, false))); // warm-up
    const started = Date.now();
    await Promise.all(Array.from({ length: PAYERS }, () => run(started + SECONDS * 1000, true)));
    const elapsed = (Date.now() - started) / 1000;
    const paymentsPerSecond = payments / elapsed;

    if (flow === 'open-finance') {
      console.log(
        `\nFunnel, open finance (PostgreSQL, model bank with zero latency, bank ${BANK}, ${PAYERS} payers, ${SECONDS} s, 1 gateway with the simulator in it)\n` +
          `  complete payments: ${paymentsPerSecond.toFixed(1)}/s (${payments} paid, ${failures} not)`,
      );
      return {
        paymentsPerSecond,
        payments,
        failures,
        pageP50: Number.NaN,
        pageP99: Number.NaN,
        pageRequests: 0,
      };
    }

    // 2. The funnel page at a fixed rate (open loop: requests leave on schedule, whatever came back).
    const tokens = await Promise.all(Array.from({ length: 50 }, () => newSession()));
    const total = PAGE_RATE * SECONDS;
    const latencies: number[] = [];
    const pageStart = performance.now();
    await Promise.all(
      Array.from({ length: total }, async (_unused, index) => {
        const due = pageStart + (index * 1000) / PAGE_RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sent = performance.now();
        const answer = await fetch(`${baseUrl}/session/${tokens[index % tokens.length]}`);
        await answer.text();
        if (answer.status !== 200) throw new Error(`funnel page answered ${answer.status}`);
        latencies.push(performance.now() - sent);
      }),
    );
    latencies.sort((a, b) => a - b);
    const result = {
      paymentsPerSecond,
      payments,
      failures,
      pageP50: percentile(latencies, 50),
      pageP99: percentile(latencies, 99),
      pageRequests: latencies.length,
    };
    console.log(
      `\nFunnel (PostgreSQL, simulator with zero latency, bank ${BANK}, ${PAYERS} payers, ${SECONDS} s, ${instances === 1 ? '1 gateway with the simulator in it' : `${instances} gateways and the simulator in their own processes`})\n` +
        `  complete payments: ${paymentsPerSecond.toFixed(1)}/s (${payments} paid, ${failures} not; target ≥ 100/s)\n` +
        `  GET /session/{token} at ${PAGE_RATE}/s: p50 ${result.pageP50.toFixed(1)} ms, p99 ${result.pageP99.toFixed(1)} ms over ${latencies.length} requests (target p99 < 25 ms)`,
    );
    return result;
  } finally {
    for (const process of [...gateways, ...(simulator ? [simulator] : [])]) {
      process.child.kill('SIGTERM');
      await process.exited();
    }
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFunnel();
