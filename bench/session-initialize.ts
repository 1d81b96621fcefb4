// POST /session/initialize against the reference endpoint, on PostgreSQL, then on the embedded database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createScratchDatabase } from '../test/support/scratch-database.ts';
import { REFERENCE_SCHEMA } from './servers/reference-schema.ts';
import {
  cpuSeconds,
  describe,
  type LoadResult,
  load,
  median,
  POSTGRES_URL,
  postgresBackends,
  startServer,
  stopServer,
} from './support.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** Rounds of reference and gateway, one after the other, the order swapped each round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECRET_KEY = 'c'.repeat(64);

type Server = 'reference.ts' | 'gateway.ts';

/** The load after a warm-up, with the CPU each request cost the server and (on PostgreSQL) its backends. */
async function measure(script: Server, env: Record<string, string>): Promise<LoadResult> {
  const { child, info } = await startServer<{ url: string; body: string }>(script, env);
  try {
    await load({ url: info.url, body: info.body, connections: CONNECTIONS, seconds: 2 }); // warm-up
    const database = env.DATABASE_URL || null;
    const backendsBefore = database ? await postgresBackends(database) : [];
    const serverBefore = cpuSeconds([child.pid ?? 0]);
    const postgresBefore = cpuSeconds(backendsBefore);
    const result = await load({ url: info.url, body: info.body, connections: CONNECTIONS, seconds: SECONDS });
    // A backend that connected during the run used no CPU before it: counting it from zero is right.
    const backends = database ? [...new Set([...backendsBefore, ...(await postgresBackends(database))])] : [];
    const perRequest = (seconds: number) => (seconds * 1000) / Math.max(result.requests, 1);
    result.cpuMsPerRequest = {
      server: perRequest(cpuSeconds([child.pid ?? 0]) - serverBefore),
      postgres: database ? perRequest(cpuSeconds(backends) - postgresBefore) : null,
    };
    return result;
  } finally {
    await stopServer(child);
  }
}

const postgresEnv = (url: string) => ({
  DATABASE_URL: url,
  PUENTE_SECRET_KEY: SECRET_KEY,
  DATABASE_POOL_SIZE: '10',
});

/** Each server gets a fresh PostgreSQL database, dropped after its run; the reference's tables are made first. */
async function onPostgres(script: Server): Promise<LoadResult> {
  const database = await createScratchDatabase(POSTGRES_URL, 'puente_bench');
  try {
    if (script === 'reference.ts') {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(REFERENCE_SCHEMA).finally(() => client.end());
    }
    return await measure(script, postgresEnv(database.url));
  } finally {
    await database.drop();
  }
}

/**
 * The gateway on an existing PostgreSQL database, kept as it is (bench/scale.ts points it at a seeded one):
 * the server adds its merchant and the sessions of the run, and removes nothing.
 */
export function sessionCreateOn(databaseUrl: string): Promise<LoadResult> {
  return measure('gateway.ts', postgresEnv(databaseUrl));
}

/** Each server gets a fresh PGlite data folder, removed after its run; the reference's tables are made first. */
async function onPglite(script: Server): Promise<LoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-bench-'));
  try {
    if (script === 'reference.ts') {
      const pglite = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
      await pglite.exec(REFERENCE_SCHEMA);
      await pglite.close();
    }
    return await measure(script, {
      DATABASE_URL: '',
      PUENTE_DATA_DIR: dataDir,
      PUENTE_SECRET_KEY: SECRET_KEY,
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Issue 12's targets: on PostgreSQL ≥ 0.9 of the reference's throughput and a p99 ≤ 1.2×; on PGlite ≥ 0.8. */
interface Targets {
  throughput: number;
  p99?: number;
}

interface Round {
  reference: LoadResult;
  gateway: LoadResult;
}

const throughputRatio = ({ gateway, reference }: Round) =>
  gateway.requestsPerSecond / reference.requestsPerSecond;
const p99Ratio = ({ gateway, reference }: Round) => gateway.p99 / Math.max(reference.p99, 1);

function roundRatio(round: Round, targets: Targets): string {
  return `ratio ${throughputRatio(round).toFixed(2)}${targets.p99 === undefined ? '' : `, p99 ${p99Ratio(round).toFixed(2)}×`}`;
}

function summary(rounds: readonly Round[], targets: Targets): string {
  const throughput = median(rounds.map(throughputRatio));
  const p99 = median(rounds.map(p99Ratio));
  const p99Target = targets.p99 === undefined ? '' : ` (target ≤ ${targets.p99.toFixed(2)})`;
  return `ratio, median of ${rounds.length} rounds: throughput ${throughput.toFixed(2)} (target ≥ ${targets.throughput.toFixed(2)}), p99 ${p99.toFixed(2)}× the reference's${p99Target}`;
}

/**
 * The reference and the gateway in `ROUNDS` rounds, each round one run of each, the first of the pair swapped
 * from round to round: this machine's speed drifts over minutes, and a gateway measured only after the
 * reference would be compared with another machine. The ratio is the median of the rounds' ratios.
 */
async function rounds(
  database: string,
  measureOn: (script: Server) => Promise<LoadResult>,
  targets: Targets,
): Promise<void> {
  const done: Round[] = [];
  for (let index = 0; index < ROUNDS; index++) {
    const order: Server[] = index % 2 === 0 ? ['reference.ts', 'gateway.ts'] : ['gateway.ts', 'reference.ts'];
    const results = new Map<Server, LoadResult>();
    for (const script of order) results.set(script, await measureOn(script));
    const reference = results.get('reference.ts');
    const gateway = results.get('gateway.ts');
    if (!reference || !gateway) throw new Error('a round lost a run');
    const round: Round = { reference, gateway };
    done.push(round);
    console.log(`round ${index + 1}`);
    console.log(describe(`  reference (lookup + insert), ${database}`, reference));
    console.log(describe(`  /session/initialize, ${database}`, gateway));
    console.log(`  ${roundRatio(round, targets)}`);
  }
  console.log(summary(done, targets));
}

/**
 * With `BENCH_DATABASE` (a database URL), only the gateway is measured, on that database instead of a fresh
 * one: the reference and PGlite runs need databases of their own.
 */
export async function benchSessionInitialize(): Promise<void> {
  console.log(
    `\nPOST /session/initialize — ${SECONDS} s at ${CONNECTIONS} connections, server in its own process`,
  );
  const existing = process.env.BENCH_DATABASE;
  if (existing) {
    console.log(
      describe(
        `/session/initialize, ${new URL(existing).pathname.slice(1)}`,
        await sessionCreateOn(existing),
      ),
    );
    return;
  }
  await rounds('PostgreSQL', onPostgres, { throughput: 0.9, p99: 1.2 });
  await rounds('PGlite', onPglite, { throughput: 0.8 });
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSessionInitialize();
