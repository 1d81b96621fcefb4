/**
 * Webhook benchmark (`npm run bench`, or `npx tsx bench/webhooks.ts`): deliveries per second to a local
 * receiver, and delivery lag (status change committed → 2xx received by the receiver) p50/p99 when the
 * worker is not saturated. Runs on a fresh PostgreSQL database when DATABASE_URL is set (dropped after),
 * otherwise on an in-memory PGlite. Targets: ≥ 500 deliveries/s on PostgreSQL, lag p99 < 2 s.
 *
 * Settings: BENCH_WEBHOOKS_BACKLOG (events drained for throughput, default 2000), BENCH_WEBHOOKS_RATE
 * (events/s for the lag phase, default 100), BENCH_WEBHOOKS_SECONDS (lag phase length, default 5).
 */
import { migrate } from '../src/adapters/sql/migrate.ts';
import { PgliteDatabase } from '../src/adapters/sql/pglite-database.ts';
import { PostgresDatabase } from '../src/adapters/sql/postgres-database.ts';
import { buildServices, type Services, startWebhookWorker } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/ports/database.ts';
import { createMerchant } from '../src/use-cases/manage-merchants.ts';
import { commitFinalPayment } from '../test/support/final-payment.ts';
import { createScratchDatabase } from '../test/support/scratch-database.ts';
import { startWebhookReceiver } from './support.ts';

export interface WebhookBenchResult {
  database: 'pglite' | 'postgres';
  deliveries: number;
  deliveriesPerSecond: number;
  /** CPU used by this process (worker and receiver together) while draining, in cores. */
  drainCpuShare: number;
  lagRate: number;
  lagCount: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

async function openBenchDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await PgliteDatabase.open();
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const scratch = await createScratchDatabase(url, 'puente_bench_webhooks');
  const db = PostgresDatabase.open(scratch.url, { max: 20 });
  await migrate(db);
  return {
    db,
    drop: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}

/** One payment made final the way the funnel does it; resolves when the transaction has committed. */
async function finalPayment(services: Services, merchantId: number, webhookUrl: string): Promise<string> {
  return (await commitFinalPayment(services, { merchantId, webhookUrl })).session.token;
}

async function inBatches(total: number, parallel: number, work: () => Promise<unknown>): Promise<void> {
  let started = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (started < total) {
        started++;
        await work();
      }
    }),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function runWebhookBench(): Promise<WebhookBenchResult> {
  const backlog = Number(process.env.BENCH_WEBHOOKS_BACKLOG ?? 2000);
  const rate = Number(process.env.BENCH_WEBHOOKS_RATE ?? 100);
  const seconds = Number(process.env.BENCH_WEBHOOKS_SECONDS ?? 5);
  const { db, drop } = await openBenchDatabase();
  const config = loadConfig({
    ...process.env,
    PUENTE_SECRET_KEY: 'b'.repeat(64),
    PUENTE_DATA_DIR: '/tmp/puente-bench-unused',
    LOG_LEVEL: 'silent',
  });
  const services = buildServices(config, db);
  const receiver = await startWebhookReceiver();
  try {
    const { merchant } = await createMerchant(services, {
      name: 'Bench',
      environment: 'sandbox',
      completedUrl: null,
      cancellationUrl: null,
      webhookUrl: receiver.url,
      frameOrigins: [],
      amountLimit: 5_000_000,
      active: true,
    });

    // 1. Throughput: a backlog of committed events, drained by one worker.
    await inBatches(backlog, 8, () => finalPayment(services, merchant.id, receiver.url));
    const drainStart = performance.now();
    const cpuBefore = process.cpuUsage();
    const stopWorker = await startWebhookWorker(services);
    await receiver.waitFor(backlog);
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const drainCpuShare = (cpu.user + cpu.system) / 1e6 / drainSeconds;

    // 2. Lag: events at a steady rate below saturation; commit → 2xx received.
    const committed = new Map<string, number>();
    const interval = 1000 / rate;
    const lagStart = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < rate * seconds; i++) {
      const due = lagStart + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(
        finalPayment(services, merchant.id, receiver.url).then((token) => {
          committed.set(token, Date.now());
        }),
      );
    }
    await Promise.all(pending);
    await receiver.waitFor(backlog + committed.size);
    await stopWorker();
    const lags = [...committed]
      .map(([token, at]) => (receiver.arrivals.get(token) ?? Number.NaN) - at)
      .sort((a, b) => a - b);
    return {
      database: db.kind,
      deliveries: backlog,
      deliveriesPerSecond: Math.round(backlog / drainSeconds),
      drainCpuShare,
      lagRate: rate,
      lagCount: lags.length,
      lagP50Ms: Math.round(percentile(lags, 50)),
      lagP99Ms: Math.round(percentile(lags, 99)),
      lagMaxMs: Math.round(lags.at(-1) ?? Number.NaN),
    };
  } finally {
    await receiver.close();
    await drop();
  }
}

export function formatWebhookBench(result: WebhookBenchResult): string {
  return [
    `Webhooks (${result.database}):`,
    `  throughput: ${result.deliveriesPerSecond} deliveries/s (${result.deliveries} queued events drained; target ≥ 500 on PostgreSQL; worker + receiver process used ${result.drainCpuShare.toFixed(2)} cores)`,
    `  lag at ${result.lagRate} events/s (${result.lagCount} events), commit → 2xx received: p50 ${result.lagP50Ms} ms, p99 ${result.lagP99Ms} ms, max ${result.lagMaxMs} ms (target p99 < 2000 ms)`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatWebhookBench(await runWebhookBench()));
}
