#!/usr/bin/env node
// `npm run bench:start [runs]`: how long `puente serve` takes until its port answers, and how much memory
// (RSS of the process and its children) it holds once started, run from TypeScript through tsx (what
// `npm start` does) and from the compiled dist/ (`npm run start:prod`), on a new embedded database (first
// start: initdb and migrations) and on an existing one. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 5);
const SETTLE_MS = 3000;

const MODES = {
  tsx: [join(root, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'serve']],
  dist: [process.execPath, ['dist/src/cli/main.js', 'serve']],
};
if (!existsSync(join(root, 'dist/src/cli/main.js'))) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(1);
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process and all its descendants, in MiB (Linux /proc). */
function treeRssMiB(pid) {
  let kib = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop();
    try {
      const status = readFileSync(`/proc/${current}/status`, 'utf8');
      kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim();
        if (children) pending.push(...children.split(/\s+/).map(Number));
      }
    } catch {}
  }
  return kib / 1024;
}

async function startOnce(mode, dataDir) {
  const [command, args] = MODES[mode];
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      PUENTE_DATA_DIR: dataDir,
      PUENTE_BANK_SIM_PORT: '0',
      PUENTE_DEMO_SHOP_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  let seconds = null;
  while (seconds === null) {
    if (child.exitCode !== null) throw new Error(`${mode} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok)
        seconds = (performance.now() - started) / 1000;
    } catch {}
    if (seconds === null) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const rss = treeRssMiB(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { seconds, rss };
}

function summary(values, digits) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `median ${median.toFixed(digits)} (${sorted[0].toFixed(digits)}–${sorted.at(-1).toFixed(digits)})`;
}

const results = [];
for (const mode of Object.keys(MODES)) {
  const existing = mkdtempSync(join(tmpdir(), `puente-start-${mode}-`));
  await startOnce(mode, existing); // makes the "existing" data folder
  for (const first of [true, false]) {
    const samples = [];
    for (let run = 0; run < runs; run++) {
      const dataDir = first ? mkdtempSync(join(tmpdir(), `puente-start-${mode}-`)) : existing;
      samples.push(await startOnce(mode, dataDir));
      if (first) rmSync(dataDir, { recursive: true, force: true });
      console.error(
        `${mode} ${first ? 'first' : 'later'} #${run + 1}: ${samples.at(-1).seconds.toFixed(2)} s, ${samples.at(-1).rss.toFixed(0)} MiB`,
      );
    }
    results.push({ mode, start: first ? 'first start (new data folder)' : 'later start', samples });
  }
  rmSync(existing, { recursive: true, force: true });
}

console.log(`| run by | start | seconds until /healthz answers | RSS ${SETTLE_MS / 1000} s after, MiB |`);
console.log('| --- | --- | --- | --- |');
for (const { mode, start, samples } of results) {
  console.log(
    `| ${mode === 'tsx' ? '`tsx` (npm start)' : '`node dist` (npm run start:prod)'} | ${start} | ${summary(
      samples.map((s) => s.seconds),
      1,
    )} | ${summary(
      samples.map((s) => s.rss),
      0,
    )} |`,
  );
}
