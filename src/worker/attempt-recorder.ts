import type { RecordedAttempt, WebhookDeliveryStore } from '../ports/webhook-deliveries.ts';

/** At most this many results per statement. */
const MAX_BATCH = 500;
/**
 * Statements writing at once. Each is a commit, and a commit waits for the disk: several in parallel share
 * that wait (PostgreSQL's group commit). The embedded database runs one at a time anyway.
 */
const WRITERS = 2;

/**
 * Writes attempt results in groups: while one batch is being written, the results that finish meanwhile
 * queue up and go in the next statement (group commit), up to `WRITERS` statements at once. An idle worker writes each result at once, so this
 * costs no latency; a busy one writes far fewer statements than deliveries.
 */
export class AttemptRecorder {
  private queue: { attempt: RecordedAttempt; done: (error?: unknown) => void }[] = [];
  private writers = 0;

  constructor(private readonly deliveries: WebhookDeliveryStore) {}

  record(attempt: RecordedAttempt): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ attempt, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (this.writers < WRITERS) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writers++;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.deliveries.recordAttempts(batch.map((entry) => entry.attempt));
          for (const entry of batch) entry.done();
        } catch (error) {
          for (const entry of batch) entry.done(error);
        }
      }
    } finally {
      this.writers--;
    }
  }
}
