import type { FastifyInstance } from 'fastify';
import { InvalidNotificationError } from '../../../packages/sdk/src/index.ts';
import type { DemoShopContext } from '../app.ts';
import { findProduct } from '../catalog.ts';
import { type Language, MESSAGES, STATUS_LABELS } from '../messages.ts';
import { jsonObject, openOrderSession } from './checkout-session.ts';

/**
 * The widget's two calls to the shop (src/demo-shop/shop-widget.js):
 * - `POST /checkout/widget`: creates the order and a session without a bank (the payer picks it in the
 *   modal) and answers the session token, which is all the widget needs;
 * - `POST /checkout/widget/result`: the JWT the widget handed to `onSuccess`/`onExit`, verified here with the
 *   SDK against the signature token kept with the order. The browser's word is never trusted: an order
 *   becomes paid only by the webhook, as with the redirect.
 */
export function widgetCheckoutRoutes(app: FastifyInstance, context: DemoShopContext): void {
  app.post('/checkout/widget', async (request, reply) => {
    const body = jsonObject(request.body);
    const language: Language = body.lang === 'en' ? 'en' : 'es';
    const product = findProduct(body.product_id);
    if (!product) return reply.status(400).send({ message: MESSAGES[language].checkout_invalid });
    const opened = await openOrderSession(context, request, reply, { product, bankCode: null, language });
    return opened && { session_token: opened.session.token, order_id: opened.orderId };
  });

  app.post('/checkout/widget/result', async (request, reply) => {
    const body = jsonObject(request.body);
    const language: Language = body.lang === 'en' ? 'en' : 'es';
    const t = MESSAGES[language];
    try {
      const payment = await context.puente.verifyNotification(body.jwt, (claims) =>
        context.orders.signatureTokenFor(claims.session_token, claims.merchant_order_id),
      );
      const order = context.orders.applyPayment(payment, 'widget');
      const success = payment.paymentStatus === 'success';
      return {
        order_id: order.id,
        status: order.status,
        status_label: STATUS_LABELS[language][order.status],
        title: success ? t.success_title : t.cancel_title,
        text: success ? (order.status === 'paid' ? t.success_paid : t.success_waiting) : t.cancel_text,
      };
    } catch (error) {
      if (!(error instanceof InvalidNotificationError))
        request.log.error({ err: error }, 'widget result refused');
      return reply.status(400).send({ message: t.invalid_text });
    }
  });
}
