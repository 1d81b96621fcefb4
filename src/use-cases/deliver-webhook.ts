import { type AttemptOutcome, outcomeOfAttempt } from '../domain/webhooks/delivery.ts';
import type { ClaimedDelivery, RecordedAttempt, WebhookDeliveryStore } from '../ports/webhook-deliveries.ts';
import type { WebhookSender } from '../ports/webhook-sender.ts';

export interface DeliverWebhookDeps {
  deliveries: WebhookDeliveryStore;
  /** Records the attempt and the delivery's new state (by default through `deliveries`, one by one). */
  record?: (attempt: RecordedAttempt) => Promise<void>;
  sender: WebhookSender;
  /** Waits before each attempt, in ms (the first is the wait before the first attempt). */
  schedule: readonly number[];
  jitter: number;
  timeoutMs: number;
  /** The deployment is production (`PUENTE_ENV=production`): every merchant gets the strict rules. */
  productionDeployment: boolean;
  /** Sandbox only: webhooks may reach private and loopback addresses (local development). */
  allowPrivateAddresses: boolean;
}

/**
 * Makes one attempt at a claimed delivery and records it with the delivery's new state. Expected failures
 * (refused, timeouts, 5xx) are results, recorded as attempts; only database faults throw.
 */
export async function deliverWebhook(
  deps: DeliverWebhookDeps,
  delivery: ClaimedDelivery,
): Promise<AttemptOutcome> {
  const strict = deps.productionDeployment || delivery.merchantEnvironment === 'production';
  const result = await deps.sender.send({
    url: delivery.url,
    body: JSON.stringify({ payment: delivery.jwt }),
    headers: {
      'user-agent': 'Puente-Webhooks/1.0',
      'puente-delivery-id': String(delivery.id),
      'puente-event-id': delivery.jti,
      'puente-attempt': String(delivery.attemptCount + 1),
    },
    strict,
    publicOnly: strict || !deps.allowPrivateAddresses,
    timeoutMs: deps.timeoutMs,
  });
  const outcome = outcomeOfAttempt(result, delivery.scheduleStep + 1, deps.schedule, deps.jitter);
  if (deps.record) await deps.record({ claim: delivery, result, outcome });
  else await deps.deliveries.recordAttempt(delivery, result, outcome);
  return outcome;
}
