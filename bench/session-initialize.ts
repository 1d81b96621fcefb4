// POST /session/initialize against the reference endpoint, on PostgreSQL, then on the embedded database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '../test/support/scratch-database.ts';
import { describe, type LoadResult, load, POSTGRES_URL, startServer, stopServer } from './support.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function measure(script: string, env: Record<string, string>): Promise<LoadResult> {
  const { child, info } = await startServer<{ url: string; body: string }>(script, env);
  try {
    await load({ url: info.url, body: info.body, connections: CONNECTIONS, seconds: 2 }); // warm-up
    return await load({ url: info.url, body: info.body, connections: CONNECTIONS, seconds: SECONDS });
  } finally {
    await stopServer(child);
  }
}

export async function benchSessionInitialize(): Promise<void> {
  console.log(
    `\nPOST /session/initialize — ${SECONDS} s at ${CONNECTIONS} connections, server in its own process`,
  );
  // Each server gets a fresh PostgreSQL database, dropped after its run.
  const onPostgres = async (script: string) => {
    const database = await createScratchDatabase(POSTGRES_URL, 'puente_bench');
    try {
      return await measure(script, {
        DATABASE_URL: database.url,
        PUENTE_SECRET_KEY: 'c'.repeat(64),
        DATABASE_POOL_SIZE: '10',
      });
    } finally {
      await database.drop();
    }
  };
  const reference = await onPostgres('reference.ts');
  console.log(describe('reference (lookup + insert), PostgreSQL', reference));
  const gateway = await onPostgres('gateway.ts');
  console.log(describe('/session/initialize, PostgreSQL', gateway));
  const throughput = gateway.requestsPerSecond / reference.requestsPerSecond;
  const p99 = gateway.p99 / Math.max(reference.p99, 1);
  console.log(
    `ratio: throughput ${throughput.toFixed(2)} (target ≥ 0.80), p99 ${p99.toFixed(2)}× the reference's (target ≤ 1.50)`,
  );
  const embedded = await measure('gateway.ts', {
    DATABASE_URL: '',
    PUENTE_DATA_DIR: mkdtempSync(join(tmpdir(), 'puente-bench-')),
    PUENTE_SECRET_KEY: 'c'.repeat(64),
  });
  console.log(describe('/session/initialize, embedded (PGlite)', embedded));
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSessionInitialize();
