import type { ReservedAttempt, WebhookHandoff } from '../ports/webhook-deliveries.ts';

/**
 * The webhook worker running in this process, if one does, as the funnel's `WebhookHandoff`: the funnel is
 * built before the worker starts (and runs without one in tests and CLI commands), so it holds this slot.
 */
export class ProcessWebhookHandoff implements WebhookHandoff {
  private worker: WebhookHandoff | null = null;

  attach(worker: WebhookHandoff): void {
    this.worker = worker;
  }

  detach(worker: WebhookHandoff): void {
    if (this.worker === worker) this.worker = null;
  }

  reserve(): ReservedAttempt | null {
    return this.worker?.reserve() ?? null;
  }
}
