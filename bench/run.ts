/** `npm run bench`: every benchmark in turn. Each part lives in its own file and can be run alone. */
import { formatWebhookBench, runWebhookBench } from './webhooks.ts';

console.log(formatWebhookBench(await runWebhookBench()));
