// Two checkouts' funnels measured at the same moment (docs/performance.md, "Two checkouts at once"):
//
//   npm run bench:pair -- <checkout A> <checkout B> [rounds]
//
// Each round runs both checkouts' `bench/funnel.ts` side by side, each with its own scratch database, gateway,
// simulator and half the payers, so that both see the same moment of a machine whose speed drifts; which
// starts first alternates. It prints each round's CPU a payment (gateway + PostgreSQL) and B's change from A.
// Each checkout needs its dependencies (`npm ci`, or a `node_modules` link) and its bench's
// `BENCH_WARMUP_PAYMENTS` warm-up; a checkout from before 2026-12-03 warms up for 2 s only, which counts the
// gateway's compilation in its figure (patch its bench to warm up by payments before comparing).

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { median } from './support.ts';

interface Side {
  paymentsPerSecond: number;
  gatewayCpuMs: number;
  postgresCpuMs: number;
}

const [checkoutA, checkoutB, roundsArgument] = process.argv.slice(2);
if (!checkoutA || !checkoutB) {
  console.error('usage: npm run bench:pair -- <checkout A> <checkout B> [rounds]');
  process.exit(2);
}
const ROUNDS = Number(roundsArgument ?? 3);
const MARK = 'FUNNEL-PAIR ';
// Runs in the checkout: its own bench, with its own dependencies; the result on one marked line.
const SCRIPT = `const { benchFunnel } = await import('./bench/funnel.ts');
const result = await benchFunnel(1, 'credentials', false);
console.log(${JSON.stringify(MARK)} + JSON.stringify(result));`;

function runSide(checkout: string): Promise<Side> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: resolve(checkout),
    env: {
      ...process.env,
      BENCH_PAYERS: process.env.BENCH_PAYERS ?? '12',
      BENCH_SECONDS: process.env.BENCH_SECONDS ?? '25',
      BENCH_PAGE_RATE: process.env.BENCH_PAGE_RATE ?? '20',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => {
      const line = output.split('\n').find((item) => item.startsWith(MARK));
      if (code !== 0 || !line) return fail(new Error(`${checkout}: the bench exited ${code}\n${output}`));
      done(JSON.parse(line.slice(MARK.length)) as Side);
    });
  });
}

const cpu = (side: Side) => side.gatewayCpuMs + side.postgresCpuMs;
const describeSide = (name: string, side: Side) =>
  `${name}: ${cpu(side).toFixed(2)} ms a payment (gateway ${side.gatewayCpuMs.toFixed(2)}, PostgreSQL ` +
  `${side.postgresCpuMs.toFixed(2)}), ${side.paymentsPerSecond.toFixed(1)}/s`;

const changes: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  // Both start together; the order of the spawns alternates, so neither is always the first to warm up.
  const order = round % 2 === 1 ? [checkoutA, checkoutB] : [checkoutB, checkoutA];
  const results = await Promise.all(order.map(runSide));
  const [a, b] = round % 2 === 1 ? results : [...results].reverse();
  if (!a || !b) throw new Error('a side gave no result');
  const change = (cpu(b) / cpu(a) - 1) * 100;
  changes.push(change);
  console.log(`round ${round} (${new Date().toISOString()})`);
  console.log(`  A ${describeSide(checkoutA, a)}`);
  console.log(`  B ${describeSide(checkoutB, b)}`);
  console.log(`  B against A: ${change >= 0 ? '+' : ''}${change.toFixed(1)} %`);
}
console.log(
  `\nB against A, CPU a payment: ${changes.map((item) => `${item.toFixed(1)} %`).join(', ')}; median ${median(changes).toFixed(1)} %`,
);
