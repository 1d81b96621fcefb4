import { PuenteError, validationError } from '../domain/errors.ts';
import type { ResendTarget, WebhookDelivery, WebhookDeliveryStore } from '../ports/webhook-deliveries.ts';

/**
 * The operator's resend (CLI `puente webhook resend`, back-office button): the delivery starts a fresh round
 * of the retry schedule, due now, with the same event, so the same JWT bytes and `jti` (the receiver can
 * recognise a webhook it already processed). Works for delivered, failed and still-pending deliveries;
 * a delivery being attempted right now is left alone, and a skipped one has nowhere to go.
 * Returns the deliveries requeued.
 */
export async function resendDelivery(
  deps: { webhookDeliveries: WebhookDeliveryStore },
  target: ResendTarget,
): Promise<WebhookDelivery[]> {
  if ('deliveryId' in target) {
    const delivery = await deps.webhookDeliveries.findById(target.deliveryId);
    if (!delivery) throw new PuenteError('not_found', `webhook delivery ${target.deliveryId} does not exist`);
    if (delivery.status === 'skipped') {
      throw validationError(
        'delivery_id',
        `webhook delivery ${delivery.id} was skipped (${delivery.skipReason}): there is nothing to send`,
      );
    }
  }
  return deps.webhookDeliveries.resend(target);
}
