/**
 * Runs `work` now and every `intervalMs`, one run at a time: a tick that finds the previous run still going
 * is skipped, not queued. A failed run goes to `onError` and the next tick tries again. Returns a stop
 * function that waits for a run in progress.
 */
export function startPeriodic(
  work: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const tick = () => {
    if (busy || stopped) return;
    busy = true;
    running = work()
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
