import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startReceiver } from '../test/webhooks/support.ts';

export const ROOT = join(import.meta.dirname, '..');
export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Starts a server script in a child process (so the load generator does not share its event loop) and
 * resolves with the first JSON line it prints, which tells where it listens and what to send.
 */
/** Extra Node.js arguments for the servers, e.g. `BENCH_NODE_ARGS=--cpu-prof` to profile them. */
function nodeArguments(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

export function startServer<Info>(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; info: Info }> {
  const child = spawn(
    process.execPath,
    [...nodeArguments(), '--import', 'tsx', join(ROOT, 'bench', 'servers', script)],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve({ child, info: JSON.parse(line) as Info });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Requests answered in the run. */
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU milliseconds per answered request of the server process and of its PostgreSQL backends, if measured. */
  cpuMsPerRequest?: { server: number; postgres: number | null };
}

/** Closed-loop load: `connections` clients each sending the next request as soon as the last is answered. */
export async function load(options: {
  url: string;
  body: string;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    body: options.body,
    headers: { 'content-type': 'application/json' },
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function describe(name: string, result: LoadResult): string {
  const cpu = result.cpuMsPerRequest;
  return `${name.padEnd(38)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s   p50 ${String(result.p50).padStart(3)} ms   p99 ${String(result.p99).padStart(3)} ms${
    cpu
      ? `   CPU/request: server ${cpu.server.toFixed(2)} ms${cpu.postgres === null ? '' : `, PostgreSQL ${cpu.postgres.toFixed(2)} ms`}`
      : ''
  }${result.errors + result.non2xx > 0 ? `   (${result.errors} errors, ${result.non2xx} non-2xx)` : ''}`;
}

/** The server processes (backends) connected to the database at `url`, but for this query's own. */
export async function postgresBackends(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/**
 * The tests' webhook receiver, answering 204 at once and noting, per session token, when (`Date.now()`) its
 * first webhook arrived and with which `payment_status` (the JWT's claims are read, not verified: the bench
 * measures delivery).
 */
export async function startWebhookReceiver() {
  const arrivals = new Map<string, number>();
  const statuses = new Map<string, string>();
  let waiting: { count: number; resolve: () => void } | null = null;
  const receiver: Awaited<ReturnType<typeof startReceiver>> = await startReceiver((count, response) => {
    response.statusCode = 204;
    response.end();
    const { at, body } = receiver.received[count - 1] ?? { at: 0, body: '{}' };
    const jwt = (JSON.parse(body) as { payment: string }).payment;
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      session_token: string;
      payment_status: string;
    };
    if (!arrivals.has(claims.session_token)) arrivals.set(claims.session_token, at);
    statuses.set(claims.session_token, claims.payment_status);
    if (waiting && arrivals.size >= waiting.count) waiting.resolve();
  });
  return {
    url: receiver.url,
    arrivals,
    statuses,
    waitFor: (count: number) =>
      new Promise<void>((resolve) => {
        if (arrivals.size >= count) resolve();
        else waiting = { count, resolve };
      }),
    close: receiver.close,
  };
}

/** CPU seconds (user + system) the given processes have used so far, read from /proc (Linux). */
export function cpuSeconds(pids: readonly number[]): number {
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name (which may hold spaces) start at `state`: utime and stime are 12 and 13.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process has exited: what it used is no longer counted.
    }
  }
  return ticks / ticksPerSecond;
}

/** The median (NaN for no values). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1
    ? (sorted[Math.floor(middle)] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}
