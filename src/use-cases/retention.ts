import type { Retention, RetentionPolicy } from '../ports/retention.ts';

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
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= retention
      .prune(policy)
      .then(report.onPruned, report.onError)
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, intervalMinutes * 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
