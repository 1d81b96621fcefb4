import { randomUUID } from 'node:crypto';
import type {
  ClaimedDelivery,
  ReservedAttempt,
  WebhookDeliveryStore,
  WebhookHandoff,
} from '../ports/webhook-deliveries.ts';
import { type DeliverWebhookDeps, deliverWebhook } from '../use-cases/deliver-webhook.ts';
import { AttemptRecorder } from './attempt-recorder.ts';

export interface WebhookWorkerOptions {
  /** Deliveries in flight at once. */
  concurrency: number;
  /** How often an idle worker looks for due deliveries. */
  pollMs: number;
  /** The embedded database has one process: deliveries it left `delivering` when it died are given back at once. */
  releaseAllLeasesOnStart: boolean;
  log?: (level: 'info' | 'error', message: string, details?: Record<string, unknown>) => void;
}

/** How often leases of dead workers are looked for. */
const LEASE_SWEEP_MS = 5_000;

/**
 * Claims due deliveries from the table with row locks and attempts them, at most `concurrency` at a time.
 * Holds nothing in memory that matters: a delivery is claimed under a lease (the timeout plus a margin), and
 * when this process dies the lease runs out and any worker takes the delivery again; nothing is lost, at
 * worst a webhook the receiver already got is sent again (receivers deduplicate by `jti`).
 */
export class WebhookWorker implements WebhookHandoff {
  private running = false;
  private inFlight = new Set<Promise<void>>();
  /** Slots held by `reserve` whose step is still being written: each ends in `attempt` or `release`. */
  private reserved = new Set<Promise<void>>();
  private wakeUp: (() => void) | null = null;
  private wokenEarly = false;
  private loop: Promise<void> | null = null;
  private lastSweep = 0;

  private readonly deps: DeliverWebhookDeps;

  constructor(
    deps: DeliverWebhookDeps,
    private readonly options: WebhookWorkerOptions,
  ) {
    const recorder = new AttemptRecorder(deps.deliveries);
    this.deps = { ...deps, record: (attempt) => recorder.record(attempt) };
  }

  private get deliveries(): WebhookDeliveryStore {
    return this.deps.deliveries;
  }

  /**
   * The lease: an attempt (DNS included) ends within the timeout; the margin covers recording the result.
   * Should a lease still run out mid-attempt, the webhook may be sent twice, never lost.
   */
  private get leaseMs(): number {
    return this.deps.timeoutMs + 10_000;
  }

  /** Resolves once leases left by a dead embedded process are given back and the loop runs. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.options.releaseAllLeasesOnStart) {
      await this.guard(() => this.deliveries.releaseAllLeases());
    }
    this.loop = this.run();
  }

  /** Looks for due deliveries now (e.g. an event was just committed). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wokenEarly = true;
  }

  /**
   * A slot for the webhook of a final step this process is about to write (`WebhookHandoff`): the step
   * writes its delivery already claimed, and the attempt starts as soon as the step is written, without a
   * claim statement or a wake-up. Null when stopped or when every slot is taken (the delivery is then
   * written pending, for any worker to claim).
   */
  reserve(): ReservedAttempt | null {
    if (!this.running || this.inFlight.size + this.reserved.size >= this.options.concurrency) return null;
    let end: () => void = () => {};
    const slot = new Promise<void>((resolve) => {
      end = () => {
        this.reserved.delete(slot);
        resolve();
      };
    });
    this.reserved.add(slot);
    let open = true;
    return {
      claimToken: randomUUID(),
      leaseMs: this.leaseMs,
      attempt: (delivery) => {
        if (!open) return;
        open = false;
        end();
        this.attempt(delivery);
      },
      release: () => {
        if (!open) return;
        open = false;
        end();
      },
    };
  }

  /** Stops claiming and waits for the attempts in flight (and those reserved) to be recorded. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    // A step holding a slot is being written now: its attempt, if any, starts when it is, and is waited for.
    await Promise.allSettled([...this.reserved]);
    await Promise.allSettled([...this.inFlight]);
    this.deps.sender.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed: ClaimedDelivery[] = [];
      const free = this.options.concurrency - this.inFlight.size - this.reserved.size;
      await this.guard(async () => {
        if (Date.now() - this.lastSweep > LEASE_SWEEP_MS) {
          this.lastSweep = Date.now();
          await this.deliveries.releaseExpiredLeases();
        }
        if (free > 0) claimed = await this.deliveries.claimDue(free, this.leaseMs);
      });
      for (const delivery of claimed) this.attempt(delivery);
      // Only a full batch means more may be due: look again at once (or, when every slot is taken, as soon
      // as half are free). A smaller batch took all that was due; what comes due later wakes the worker (a
      // new event) or is found by the next poll (a retry), so the worker does not ask again for nothing.
      if (claimed.length < free || this.inFlight.size >= this.options.concurrency) {
        await this.sleep(this.options.pollMs);
      }
    }
  }

  private attempt(delivery: ClaimedDelivery): void {
    const work = deliverWebhook(this.deps, delivery)
      .then(() => {})
      .catch((error: unknown) => {
        // The attempt may have been made but not recorded: the lease gives the delivery back later.
        this.options.log?.('error', 'could not record a webhook attempt', {
          deliveryId: delivery.id,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        this.inFlight.delete(work);
        // When saturated, claim again once half the slots are free: fewer, larger claims.
        if (this.inFlight.size === Math.floor(this.options.concurrency / 2)) this.wake();
      });
    this.inFlight.add(work);
  }

  private async guard(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      this.failures = 0;
    } catch (error) {
      // Backs off exponentially while the database is away (5 polls, 10, 20, ... up to a minute), so a
      // fleet of workers does not hammer a database that is trying to come back; resets on the first success.
      this.failures += 1;
      const wait = Math.min(60_000, this.options.pollMs * 5 * 2 ** (this.failures - 1));
      this.options.log?.('error', 'webhook worker: database error, retrying', {
        error: error instanceof Error ? error.message : String(error),
        retryInMs: wait,
      });
      await this.sleep(wait);
    }
  }

  /** Database errors in a row, for the backoff. */
  private failures = 0;

  private sleep(ms: number): Promise<void> {
    if (this.wokenEarly) {
      this.wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }
}
