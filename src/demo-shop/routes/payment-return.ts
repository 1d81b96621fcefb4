import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidNotificationError, type PaymentNotification } from '../../../packages/sdk/src/index.ts';
import { bankByCode, parseBankCode } from '../../domain/banks.ts';
import { formatPesos } from '../../domain/money.ts';
import { html } from '../../http/html.ts';
import type { DemoShopContext } from '../app.ts';
import { shopPage } from '../layout.ts';
import { type Language, languageOf, MESSAGES, STATUS_LABELS } from '../messages.ts';
import type { DemoOrder } from '../order-store.ts';

export function bankName(code: string | null): string {
  const known = code ? parseBankCode(code) : null;
  return known ? bankByCode(known).name : '—';
}

function orderDetails(order: DemoOrder, language: Language) {
  const t = MESSAGES[language];
  return html`<dl class="details">
<dt>${t.order}</dt><dd>${order.id}</dd>
<dt>${t.product}</dt><dd>${order.productName}</dd>
<dt>${t.amount}</dt><dd>${formatPesos(order.amount)}</dd>
<dt>${t.bank}</dt><dd>${bankName(order.bankCode)}</dd>
<dt>${t.status}</dt><dd><span class="badge ${order.status}">${STATUS_LABELS[language][order.status]}</span></dd>
</dl>`;
}

/**
 * Verifies the `jwt` the gateway appended to the redirect, with the signature token kept for that very
 * session. Returns null (and has answered) when the link cannot be trusted.
 */
async function verifiedReturn(
  context: DemoShopContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{ payment: PaymentNotification; order: DemoOrder } | null> {
  const language = languageOf(request.query);
  try {
    const payment = await context.puente.verifyNotification(request.url, (claims) =>
      context.orders.signatureTokenFor(claims.session_token, claims.merchant_order_id),
    );
    const order = context.orders.applyPayment(payment, 'redirect');
    return { payment, order };
  } catch (error) {
    if (!(error instanceof InvalidNotificationError)) request.log.error({ err: error }, 'redirect refused');
    const t = MESSAGES[language];
    void reply
      .status(400)
      .type('text/html; charset=utf-8')
      .send(
        shopPage({
          language,
          title: t.invalid_title,
          url: request.url,
          body: html`<section class="card"><h1>${t.invalid_title}</h1><p>${t.invalid_text}</p></section>`,
        }),
      );
    return null;
  }
}

function cancelPage(request: FastifyRequest, order: DemoOrder, language: Language): string {
  const t = MESSAGES[language];
  const retry = `/producto/${order.productId}${language === 'en' ? '?lang=en' : ''}`;
  return shopPage({
    language,
    title: t.cancel_title,
    url: request.url,
    body: html`<section class="card"><h1>${t.cancel_title}</h1><p>${t.cancel_text}</p>
${orderDetails(order, language)}
<a class="button" href="${retry}">${t.try_again}</a></section>`,
  });
}

/** `GET /pago/exito` and `GET /pago/cancelado`: where the gateway sends the payer back, with `jwt=`. */
export function paymentReturnRoutes(app: FastifyInstance, context: DemoShopContext): void {
  app.get('/pago/exito', async (request, reply) => {
    const verified = await verifiedReturn(context, request, reply);
    if (!verified) return reply;
    const language = languageOf(request.query);
    const { payment, order } = verified;
    reply.type('text/html; charset=utf-8');
    if (payment.paymentStatus !== 'success') return reply.send(cancelPage(request, order, language));
    const t = MESSAGES[language];
    const paid = order.status === 'paid';
    // Until the webhook confirms, the page reloads itself (the Refresh header: no script needed) to show the
    // confirmation, unless the shopper stops it (`auto=off`), as WCAG 2.2.1 asks of a time limit.
    const auto = (request.query as { auto?: unknown }).auto !== 'off';
    if (!paid && auto) reply.header('refresh', '2');
    const refresh = paid
      ? ''
      : html`<p><a href="${request.url.replace(/&auto=off/g, '')}">${t.refresh_now}</a>${
          auto ? html` · <a href="${request.url}&auto=off">${t.stop_refresh}</a>` : ''
        }</p>`;
    return reply.send(
      shopPage({
        language,
        title: t.success_title,
        url: request.url,
        body: html`<section class="card"><h1>${t.success_title}</h1>
<p role="status">${paid ? t.success_paid : t.success_waiting}</p>
${orderDetails(order, language)}${refresh}</section>`,
      }),
    );
  });

  app.get('/pago/cancelado', async (request, reply) => {
    const verified = await verifiedReturn(context, request, reply);
    if (!verified) return reply;
    return reply
      .type('text/html; charset=utf-8')
      .send(cancelPage(request, verified.order, languageOf(request.query)));
  });
}
