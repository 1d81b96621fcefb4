// `npm run bench [name...]`: every benchmark, or the named ones. Each prints its own figures.
import { benchSessionInitialize } from './session-initialize.ts';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  'session-initialize': benchSessionInitialize,
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
