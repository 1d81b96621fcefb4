import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './puente-process.ts';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own, made with the machine's server binaries in a temporary folder and
 * listening on a free port of 127.0.0.1: for what must not be done to the machine's shared server (replication,
 * stopping it). As root, the server runs as the `postgres` system user, as PostgreSQL requires.
 */
export interface TemporaryCluster {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  remove(): Promise<void>;
}

/** The newest installed server's `bin` folder (Debian: /usr/lib/postgresql/<major>/bin), or PG_BIN. */
function serverBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL server binaries found: set PG_BIN to their folder');
  return join(root, newest, 'bin');
}

async function asServerUser(program: string, args: string[]): Promise<void> {
  const binary = join(serverBin(), program);
  if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', binary, ...args]);
  else await run(binary, args);
}

async function ownedFolder(): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'puente-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(folder, uid, gid);
  }
  return folder;
}

function cluster(folder: string, dataDir: string, port: number): TemporaryCluster {
  const pgCtl = (...args: string[]) => asServerUser('pg_ctl', ['-D', dataDir, '-w', '-t', '120', ...args]);
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    start: () => pgCtl('-l', join(folder, `${port}.log`), 'start'),
    stop: () => pgCtl('-m', 'fast', 'stop'),
    async remove() {
      await pgCtl('-m', 'immediate', 'stop').catch(() => {});
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A new primary that accepts replication connections from 127.0.0.1, started. */
export async function startPrimaryCluster(): Promise<TemporaryCluster> {
  const folder = await ownedFolder();
  const dataDir = join(folder, 'primary');
  const port = await freePort();
  await asServerUser('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  // initdb's pg_hba.conf already trusts replication connections from 127.0.0.1 when `-A trust` is given.
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${folder}'`,
      'wal_level = replica',
      'max_wal_senders = 4',
      'fsync = off',
      'shared_buffers = 32MB',
      'max_connections = 60',
      '',
    ].join('\n'),
  );
  const primary = cluster(folder, dataDir, port);
  await primary.start();
  return primary;
}

/** A hot standby streaming from `primary`, made with `pg_basebackup`, started. */
export async function startStandbyOf(primary: TemporaryCluster): Promise<TemporaryCluster> {
  const folder = await ownedFolder();
  const dataDir = join(folder, 'standby');
  const port = await freePort();
  await asServerUser('pg_basebackup', [
    ...['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres'],
    ...['-D', dataDir, '-R', '-X', 'stream', '--no-sync'],
  ]);
  // postgresql.auto.conf is read after postgresql.conf (copied from the primary), so these win.
  appendFileSync(
    join(dataDir, 'postgresql.auto.conf'),
    `port = ${port}\nunix_socket_directories = '${folder}'\nhot_standby = on\n`,
  );
  const standby = cluster(folder, dataDir, port);
  await standby.start();
  return standby;
}
