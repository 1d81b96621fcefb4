import type { FastifyInstance } from 'fastify';
import { PuenteApiError, PuenteNetworkError, parseBankCode } from '../../../packages/sdk/src/index.ts';
import type { DemoShopContext } from '../app.ts';
import { findProduct } from '../catalog.ts';
import { type Language, MESSAGES } from '../messages.ts';
import { DemoOrderStore } from '../order-store.ts';

/**
 * `POST /checkout/session`: what the bank buttons call. The shop creates the order at ITS price (the
 * browser only names the product and the bank), opens a Puente session for it through the SDK, keeps the
 * session's `signature_token` with the order, and answers the payment URL.
 */
export function checkoutSessionRoute(app: FastifyInstance, context: DemoShopContext): void {
  app.post('/checkout/session', async (request, reply) => {
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(String(request.body ?? ''));
      if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      // an unreadable body is the same as an empty one: refused below
    }
    const language: Language = body.lang === 'en' ? 'en' : 'es';
    const product = findProduct(body.product_id);
    const bankCode = typeof body.user_bank_code === 'string' ? parseBankCode(body.user_bank_code) : null;
    if (!product || !bankCode) {
      return reply.status(400).send({ message: MESSAGES[language].checkout_invalid });
    }

    const order = context.orders.create({
      id: DemoOrderStore.newOrderId(),
      productId: product.id,
      productName: product.name.es,
      amount: product.price,
      bankCode,
    });
    try {
      const session = await context.puente.createSession({
        merchantOrderId: order.id,
        orderAmount: order.amount,
        userBankCode: bankCode,
        metadata: [{ name: 'Producto', value: product.name.es, show: true }],
        paymentCompletedUrl: `${context.publicUrl}/pago/exito`,
        paymentCancellationUrl: `${context.publicUrl}/pago/cancelado`,
        paymentWebhookUrl: `${context.publicUrl}/webhooks/puente`,
        language,
      });
      context.orders.addSession(order.id, { token: session.token, signatureToken: session.signatureToken });
      return { payment_url: session.paymentUrl, order_id: order.id };
    } catch (error) {
      context.orders.remove(order.id);
      if (error instanceof PuenteApiError || error instanceof PuenteNetworkError) {
        request.log.error(
          { err: error, requestId: error instanceof PuenteApiError ? error.requestId : null },
          'Puente refused or missed the session',
        );
        return reply.status(502).send({ message: MESSAGES[language].checkout_failed });
      }
      throw error;
    }
  });
}
