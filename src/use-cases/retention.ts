import type { Retention, RetentionPolicy } from '../ports/retention.ts';
import { startPeriodic } from './periodic.ts';

/**
 * Prunes now, then every `intervalMinutes`; returns a stop function that waits for a run in progress.
 * `onPruned` hears what each run removed (for the log); a failed run is reported and retried next time.
 */
export function startRetention(
  retention: Retention,
  policy: RetentionPolicy,
  intervalMinutes: number,
  report: { onPruned(pruned: Record<string, number>): void; onError(error: unknown): void },
): () => Promise<void> {
  return startPeriodic(
    async () => report.onPruned(await retention.prune(policy)),
    intervalMinutes * 60_000,
    report.onError,
  );
}
