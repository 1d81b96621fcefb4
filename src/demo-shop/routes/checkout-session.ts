import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type BankCode,
  type CreatedSession,
  PuenteApiError,
  PuenteNetworkError,
  parseBankCode,
} from '../../../packages/sdk/src/index.ts';
import type { DemoShopContext } from '../app.ts';
import { findProduct, type Product } from '../catalog.ts';
import { type Language, MESSAGES } from '../messages.ts';
import { DemoOrderStore } from '../order-store.ts';

/**
 * `POST /checkout/session`: what the bank buttons call. The shop creates the order at ITS price (the
 * browser only names the product and the bank), opens a Puente session for it through the SDK, keeps the
 * session's `signature_token` with the order, and answers the payment URL.
 */
export function checkoutSessionRoute(app: FastifyInstance, context: DemoShopContext): void {
  app.post('/checkout/session', async (request, reply) => {
    const body = jsonObject(request.body);
    const language: Language = body.lang === 'en' ? 'en' : 'es';
    const product = findProduct(body.product_id);
    const bankCode = typeof body.user_bank_code === 'string' ? parseBankCode(body.user_bank_code) : null;
    if (!product || !bankCode) {
      return reply.status(400).send({ message: MESSAGES[language].checkout_invalid });
    }

    const opened = await openOrderSession(context, request, reply, { product, bankCode, language });
    return opened && { payment_url: opened.session.paymentUrl, order_id: opened.orderId };
  });
}

/**
 * Creates the order at the shop's price and opens a Puente session for it through the SDK, keeping the
 * session's `signature_token` with the order. Null (after answering 502) when Puente refused or was out of
 * reach. `bankCode` null lets the payer choose the bank in the funnel (the widget does).
 */
export async function openOrderSession(
  context: DemoShopContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { product: Product; bankCode: BankCode | null; language: Language },
): Promise<{ orderId: string; session: CreatedSession } | null> {
  const { product, bankCode, language } = options;
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
      ...(bankCode ? { userBankCode: bankCode } : {}),
      metadata: [{ name: 'Producto', value: product.name.es, show: true }],
      paymentCompletedUrl: `${context.publicUrl}/pago/exito`,
      paymentCancellationUrl: `${context.publicUrl}/pago/cancelado`,
      paymentWebhookUrl: `${context.publicUrl}/webhooks/puente`,
      language,
    });
    context.orders.addSession(order.id, { token: session.token, signatureToken: session.signatureToken });
    return { orderId: order.id, session };
  } catch (error) {
    context.orders.remove(order.id);
    if (error instanceof PuenteApiError || error instanceof PuenteNetworkError) {
      request.log.error(
        { err: error, requestId: error instanceof PuenteApiError ? error.requestId : null },
        'Puente refused or missed the session',
      );
      void reply.status(502).send({ message: MESSAGES[language].checkout_failed });
      return null;
    }
    throw error;
  }
}

/** A JSON object body, or `{}` for anything else: an unreadable body is the same as an empty one. */
export function jsonObject(body: unknown): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(String(body ?? ''));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
