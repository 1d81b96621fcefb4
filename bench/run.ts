// `npm run bench [name...]`: every benchmark, or the named ones. Each prints its own figures, between the
// machine's load average before and after it: figures are quoted with the load they were measured under.
import { loadavg } from 'node:os';
import { benchBankSimulator } from './bank-simulator.ts';
import { benchFunnel } from './funnel.ts';
// (`npm run bench:admin-search` is separate: it needs PostgreSQL and seeds a million payments.)
import { benchSessionInitialize } from './session-initialize.ts';
import { formatWebhookBench, runWebhookBench } from './webhooks.ts';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  'session-initialize': benchSessionInitialize,
  'bank-simulator': benchBankSimulator,
  funnel: async () => {
    await benchFunnel();
    // One gateway and no kill, whatever BENCH_INSTANCES and BENCH_KILL asked of the credentials flow.
    await benchFunnel(1, 'open-finance', false);
  },
  webhooks: async () => console.log(formatWebhookBench(await runWebhookBench())),
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length === 0 || wanted.includes(name)) {
    console.log(`\n[${name}] ${new Date().toISOString()}, load average ${loadAverage()} before`);
    await run();
    console.log(`[${name}] ${new Date().toISOString()}, load average ${loadAverage()} after`);
  }
}

function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}
