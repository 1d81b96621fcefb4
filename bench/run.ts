// `npm run bench [name...]`: every benchmark, or the named ones. Each prints its own figures.
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
    await benchFunnel(1, 'open-finance');
  },
  webhooks: async () => console.log(formatWebhookBench(await runWebhookBench())),
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
