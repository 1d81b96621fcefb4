import { z } from 'zod';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from './domain/webhooks/retry-schedule.ts';

/** The webhook settings (docs/webhooks.md), part of the config schema in `config.ts`. */
export const webhookSettings = {
  /** Waits before each attempt, comma-separated (`0,5s,5m,...`); its length is the number of attempts. */
  PUENTE_WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default(DEFAULT_RETRY_SCHEDULE)
    .transform((text, context) => {
      try {
        return parseRetrySchedule(text);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Each wait is moved at random by up to this fraction (0.1 = ±10 %). */
  PUENTE_WEBHOOK_RETRY_JITTER: z.coerce.number().min(0).max(0.5).default(0.1),
  PUENTE_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  /** Deliveries one worker has in flight at once. */
  PUENTE_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  /** How often an idle worker looks for due deliveries. */
  PUENTE_WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /** `puente serve` runs a webhook worker in its own process unless this is `false`. */
  PUENTE_WEBHOOK_WORKER: z.enum(['true', 'false']).default('true'),
};
