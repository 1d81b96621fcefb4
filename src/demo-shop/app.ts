import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Puente } from '../../packages/sdk/src/index.ts';
import { html } from '../http/html.ts';
import { SHOP_CSS, shopPage } from './layout.ts';
import { languageOf, MESSAGES } from './messages.ts';
import type { DemoOrderStore } from './order-store.ts';
import { checkoutSessionRoute } from './routes/checkout-session.ts';
import { ordersPageRoute } from './routes/orders-page.ts';
import { paymentReturnRoutes } from './routes/payment-return.ts';
import { productPagesRoute } from './routes/product-pages.ts';
import { webhookRoute } from './routes/webhook.ts';
import { widgetCheckoutRoutes } from './routes/widget-checkout.ts';

/** The shop's own glue for the widget (opened by "Pagar sin salir de la tienda"), read once at start. */
const SHOP_WIDGET_SCRIPT = readFileSync(new URL('./shop-widget.js', import.meta.url), 'utf8');

export interface DemoShopOptions {
  /** The shop's SDK client, with the demo merchant's credentials. */
  puente: Puente;
  orders: DemoOrderStore;
  /** Where browsers and the gateway reach this shop, e.g. `http://localhost:8082`. */
  publicUrl: string;
  /** Where browsers reach the gateway's payment pages (`pmt_url`): the bank buttons are loaded from there. */
  gatewayPaymentUrl: string;
  environment: 'sandbox' | 'production';
  logger?: boolean;
}

export type DemoShopContext = Omit<DemoShopOptions, 'logger'>;

/**
 * The demo shop: a merchant's site of its own (not part of the gateway) that sells through Puente using
 * the SDK and the bank buttons. Built without listening, so tests drive it with `inject()`.
 */
export async function buildDemoShop(options: DemoShopOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ? { level: 'info' } : false });
  const context: DemoShopContext = { ...options, publicUrl: options.publicUrl.replace(/\/+$/, '') };
  const gatewayOrigin = new URL(options.gatewayPaymentUrl).origin;

  // Bodies are kept as text: the webhook handler gives the SDK the exact bytes it received.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('onSend', async (_request, reply) => {
    reply
      .header(
        'content-security-policy',
        `default-src 'none'; script-src ${gatewayOrigin} 'self'; frame-src ${gatewayOrigin}; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
      )
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.get('/assets/shop.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=600').send(SHOP_CSS),
  );
  app.get('/assets/shop-widget.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=600')
      .send(SHOP_WIDGET_SCRIPT),
  );
  app.get('/favicon.ico', async (_request, reply) => reply.status(204).send());
  productPagesRoute(app, context);
  checkoutSessionRoute(app, context);
  paymentReturnRoutes(app, context);
  webhookRoute(app, context);
  widgetCheckoutRoutes(app, context);
  ordersPageRoute(app, context);

  app.setNotFoundHandler((request, reply) => {
    const language = languageOf(request.query);
    const title = MESSAGES[language].not_found_title;
    return reply
      .status(404)
      .type('text/html; charset=utf-8')
      .send(shopPage({ language, title, url: request.url, body: html`<h1>${title}</h1>` }));
  });
  await app.ready();
  return app;
}
