import type { FastifyInstance } from 'fastify';
import { InvalidNotificationError } from '../../../packages/sdk/src/index.ts';
import type { DemoShopContext } from '../app.ts';

/**
 * `POST /webhooks/puente`: the gateway's authoritative notification `{"payment": "<JWT>"}`. Verified with
 * the signature token stored for that session; only then does the order change. A 2xx tells the gateway
 * to stop retrying, so it is sent only once the order is recorded; an untrustworthy notification gets 401
 * and changes nothing.
 */
export function webhookRoute(app: FastifyInstance, context: DemoShopContext): void {
  app.post('/webhooks/puente', async (request, reply) => {
    let payment: Awaited<ReturnType<typeof context.puente.verifyNotification>>;
    try {
      payment = await context.puente.verifyNotification(request.body, (claims) =>
        context.orders.signatureTokenFor(claims.session_token, claims.merchant_order_id),
      );
    } catch (error) {
      if (error instanceof InvalidNotificationError) {
        request.log.warn({ reason: error.reason }, 'webhook refused');
        return reply.status(401).send({ error: error.reason });
      }
      throw error;
    }
    try {
      const order = context.orders.applyPayment(payment, 'webhook');
      request.log.info(
        { orderId: order.id, status: order.status, eventId: payment.eventId },
        'webhook applied',
      );
      return { received: true, order_id: order.id, status: order.status };
    } catch (error) {
      // A signed notification that does not fit the order (another amount): keep it for a human.
      request.log.error({ err: error, orderId: payment.merchantOrderId }, 'webhook does not match the order');
      return reply.status(409).send({ error: 'order_mismatch' });
    }
  });
}
