import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../test/support/puente-process.ts';

/**
 * A PostgreSQL cluster of the run's own: `initdb` in a temporary folder, its own port and socket folder,
 * never the machine's shared server, so it can be stopped and restarted at will. As root, the server runs
 * as the `postgres` user (PostgreSQL refuses root), which then owns the folder.
 */
export interface TemporaryCluster {
  url: string;
  folder: string;
  /** Stopping and starting wait for `pg_ctl` without blocking the run's event loop (payers, receiver). */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  destroy(): void;
}

const BIN = process.env.CHAOS_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const SERVER_USER = process.env.CHAOS_PG_USER ?? 'postgres';

export async function startTemporaryCluster(): Promise<TemporaryCluster> {
  const folder = mkdtempSync(join(tmpdir(), 'puente-chaos-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', SERVER_USER]).toString());
    const gid = Number(execFileSync('id', ['-g', SERVER_USER]).toString());
    chownSync(folder, uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(BIN, program);
    const full = asRoot ? ['-u', SERVER_USER, '--', join(BIN, program), ...args] : args;
    execFileSync(command, full, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const runAsync = async (program: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(BIN, program);
    const full = asRoot ? ['-u', SERVER_USER, '--', join(BIN, program), ...args] : args;
    await promisify(execFile)(command, full);
  };
  const data = join(folder, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  // fsync off: the machine itself never crashes in this run, only the server is stopped (`immediate` is a
  // crash as far as PostgreSQL knows, recovered from its WAL). Commits stay synchronous.
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const startArgs = ['-D', data, '-l', join(folder, 'server.log'), '-o', options, '-w', 'start'];
  run('pg_ctl', startArgs);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    folder,
    start: () => runAsync('pg_ctl', startArgs),
    stop: (mode) => runAsync('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    destroy: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {}
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
