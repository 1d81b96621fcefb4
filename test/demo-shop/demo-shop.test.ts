import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Puente } from '../../packages/sdk/src/index.ts';
import { paymentClaims, signPaymentJwt } from '../../src/adapters/crypto/payment-jwt.ts';
import { buildDemoShop } from '../../src/demo-shop/app.ts';
import { DemoOrderStore } from '../../src/demo-shop/order-store.ts';
import type { PaymentSession } from '../../src/domain/session.ts';
import { type RunningGateway, startGateway } from '../support/running-gateway.ts';

// The shop is driven with inject(); the gateway behind it is real and listening, reached by the SDK.
const SHOP_URL = 'http://shop.test';
let gateway: RunningGateway;
let shop: FastifyInstance;
let orders: DemoOrderStore;

beforeAll(async () => {
  gateway = await startGateway();
  orders = new DemoOrderStore();
  shop = await buildDemoShop({
    puente: new Puente({
      apiUrl: gateway.url,
      merchantCode: gateway.merchant.merchant.code,
      apiToken: gateway.merchant.apiToken,
    }),
    orders,
    publicUrl: SHOP_URL,
    gatewayPaymentUrl: gateway.url,
    environment: 'sandbox',
  });
});
afterAll(async () => {
  await shop?.close();
  await gateway?.close();
});

/** Buys a product through the shop's checkout endpoint, as the bank buttons do. */
async function checkout(productId = 'tetera-pomaire', bank = 'cl_test') {
  const response = await shop.inject({
    method: 'POST',
    url: '/checkout/session',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ product_id: productId, user_bank_code: bank, amount: 1 }),
  });
  expect(response.statusCode).toBe(200);
  const { payment_url, order_id } = response.json() as { payment_url: string; order_id: string };
  // The shop carries its language to the payment pages: `/session/{token}?lang=es`.
  expect(new URL(payment_url).searchParams.get('lang')).toBe('es');
  const token = new URL(payment_url).pathname.split('/').pop() ?? '';
  const session = await gateway.services.sessions.findByToken(token);
  if (!session) throw new Error('the gateway has no such session');
  return { paymentUrl: payment_url, orderId: order_id, session };
}

/** A notification as the gateway signs it (jose), with the session's real signature token. */
function gatewayJwt(session: PaymentSession, changes: Partial<PaymentSession>, key?: string) {
  const signatureToken = key ?? gateway.services.secretBox.open(session.signatureTokenSealed);
  return signPaymentJwt(paymentClaims({ ...session, ...changes }, gateway.merchant.merchant), signatureToken);
}

const SUCCESS = {
  paymentStatus: 'success',
  paymentStep: 'transfer_confirmed',
  paymentToken: 'pt_1',
} as const;

describe('demo shop pages', () => {
  it('shows the catalogue and a product page with the bank buttons, in Spanish first', async () => {
    const home = await shop.inject('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Tetera de greda de Pomaire');
    expect(home.body).toContain('$15.990');

    const product = await shop.inject('/producto/tetera-pomaire');
    expect(product.body).toContain('<html lang="es-CL">');
    expect(product.body).toContain(
      `<script type="module" src="${gateway.url}/assets/puente-bank-buttons.js">`,
    );
    expect(product.body).toMatch(
      /<puente-bank-buttons session-endpoint="\/checkout\/session" data-product-id="tetera-pomaire"[^>]*environment="sandbox"/,
    );
    expect(product.headers['content-security-policy']).toContain(`script-src ${gateway.url}`);

    const english = await shop.inject('/producto/tetera-pomaire?lang=en');
    expect(english.body).toContain('Pomaire clay teapot');
    expect(english.body).toContain('lang="en"');
    expect((await shop.inject('/producto/nada')).statusCode).toBe(404);
  });

  it("the gateway serves the buttons' script to any origin", async () => {
    const response = await fetch(`${gateway.url}/assets/puente-bank-buttons.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.text()).toContain("customElements.define('puente-bank-buttons'");
  });
});

describe('checkout', () => {
  it("creates the session through the SDK at the shop's price and keeps its signature token", async () => {
    const { paymentUrl, orderId, session } = await checkout('manta-chiloe', 'CL_TEST');
    expect(paymentUrl).toBe(`${gateway.url}/session/${session.token}?lang=es`);
    expect(session).toMatchObject({
      merchantOrderId: orderId,
      orderAmount: 49_900, // not the 1 the browser sent
      userBankCode: 'cl_test',
      completedUrl: `${SHOP_URL}/pago/exito`,
      cancellationUrl: `${SHOP_URL}/pago/cancelado`,
      webhookUrl: `${SHOP_URL}/webhooks/puente`,
      metadata: [{ name: 'Producto', value: 'Manta de lana de Chiloé', show: true }],
    });
    const order = orders.get(orderId);
    expect(order).toMatchObject({ status: 'pending', amount: 49_900, productId: 'manta-chiloe' });
    expect(order?.sessions[0]?.signatureToken).toBe(
      gateway.services.secretBox.open(session.signatureTokenSealed),
    );
  });

  it('refuses an unknown product or bank with a Spanish message', async () => {
    for (const payload of [{ product_id: 'nada', user_bank_code: 'cl_bch' }, { product_id: 'cafe-grano' }]) {
      const response = await shop.inject({
        method: 'POST',
        url: '/checkout/session',
        payload: JSON.stringify(payload),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ message: 'Elige un producto y un banco válidos.' });
    }
  });

  it('answers 502 with a message when the gateway cannot be reached', async () => {
    const offlineOrders = new DemoOrderStore();
    const offline = await buildDemoShop({
      puente: new Puente({ apiUrl: 'http://127.0.0.1:9', merchantCode: 'm', apiToken: 't', timeoutMs: 2000 }),
      orders: offlineOrders,
      publicUrl: SHOP_URL,
      gatewayPaymentUrl: gateway.url,
      environment: 'sandbox',
    });
    const response = await offline.inject({
      method: 'POST',
      url: '/checkout/session',
      payload: JSON.stringify({ product_id: 'cafe-grano', user_bank_code: 'cl_bch' }),
    });
    expect(response.statusCode).toBe(502);
    expect(response.json().message).toContain('No pudimos iniciar el pago');
    expect(offlineOrders.list()).toEqual([]); // no order left pending without a session
    await offline.close();
  });
});

describe('notifications', () => {
  it('success page verifies the gateway-signed JWT and shows the order; the webhook marks it paid', async () => {
    const { orderId, session } = await checkout('cafe-grano');
    const jwt = await gatewayJwt(session, SUCCESS);

    const success = await shop.inject(`/pago/exito?jwt=${jwt}`);
    expect(success.statusCode).toBe(200);
    expect(success.body).toContain(orderId);
    expect(success.body).toContain('$12.500');
    expect(success.body).toContain('Estamos esperando la confirmación');
    // Reloads itself until the webhook confirms, and says how to stop that (WCAG 2.2.1).
    expect(success.headers.refresh).toBe('2');
    expect(success.body).toContain('Dejar de actualizar sola');
    const stopped = await shop.inject(`/pago/exito?jwt=${jwt}&auto=off`);
    expect(stopped.headers.refresh).toBeUndefined();
    expect(stopped.body).toContain('Estamos esperando la confirmación');
    // The redirect alone does not mark the order paid: the webhook is the authoritative channel.
    expect(orders.get(orderId)?.status).toBe('pending');

    const webhook = await shop.inject({
      method: 'POST',
      url: '/webhooks/puente',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ payment: jwt }),
    });
    expect(webhook.statusCode).toBe(200);
    expect(webhook.json()).toEqual({ received: true, order_id: orderId, status: 'paid' });
    expect(orders.get(orderId)).toMatchObject({ status: 'paid', bankCode: 'cl_test' });

    // A retry of the same event (same JWT, same jti) is acknowledged and changes nothing.
    const retry = await shop.inject({
      method: 'POST',
      url: '/webhooks/puente',
      payload: JSON.stringify({ payment: jwt }),
    });
    expect(retry.statusCode).toBe(200);
    expect(orders.get(orderId)?.events.filter((event) => event.source === 'webhook')).toHaveLength(1);

    const again = await shop.inject(`/pago/exito?jwt=${jwt}`);
    expect(again.body).toContain('Tu pago fue confirmado');
    expect(again.headers.refresh).toBeUndefined();

    const list = await shop.inject('/pedidos');
    expect(list.body).toMatch(new RegExp(`<tr id="${orderId}">[\\s\\S]*?Pagado[\\s\\S]*?</tr>`));
  });

  it('refuses a forged webhook (401) and a tampered redirect (400) without touching the order', async () => {
    const { orderId, session } = await checkout('tetera-pomaire');
    const forged = await gatewayJwt(session, SUCCESS, 'f'.repeat(64));
    const webhook = await shop.inject({
      method: 'POST',
      url: '/webhooks/puente',
      payload: JSON.stringify({ payment: forged }),
    });
    expect(webhook.statusCode).toBe(401);
    expect(webhook.json()).toEqual({ error: 'bad_signature' });

    const page = await shop.inject(`/pago/exito?jwt=${forged}`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('No pudimos verificar este pago');

    const garbage = await shop.inject({ method: 'POST', url: '/webhooks/puente', payload: 'hola' });
    expect(garbage.statusCode).toBe(401);
    expect(orders.get(orderId)).toMatchObject({ status: 'pending', events: [] });
  });

  it("refuses a genuine notification of a session that is not the shop's", async () => {
    const puente = new Puente({
      apiUrl: gateway.url,
      merchantCode: gateway.merchant.merchant.code,
      apiToken: gateway.merchant.apiToken,
    });
    const foreign = await puente.createSession({ merchantOrderId: 'OC-ELSEWHERE', orderAmount: 12_500 });
    const session = await gateway.services.sessions.findByToken(foreign.token);
    if (!session) throw new Error('no session');
    const jwt = await gatewayJwt(session, SUCCESS);
    const webhook = await shop.inject({
      method: 'POST',
      url: '/webhooks/puente',
      payload: JSON.stringify({ payment: jwt }),
    });
    expect(webhook.statusCode).toBe(401);
    expect(webhook.json()).toEqual({ error: 'unknown_session' });
  });

  it('the cancel page verifies the JWT, marks the order cancelled and offers another try; a later payment still wins', async () => {
    const { orderId, session } = await checkout('tetera-pomaire');
    const cancelled = await gatewayJwt(session, { paymentStatus: 'cancelled', paymentToken: null });
    const page = await shop.inject(`/pago/cancelado?jwt=${cancelled}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('El pago no se completó');
    expect(page.body).toContain('href="/producto/tetera-pomaire"');
    expect(orders.get(orderId)?.status).toBe('cancelled');

    const paid = await gatewayJwt(session, SUCCESS);
    await shop.inject({
      method: 'POST',
      url: '/webhooks/puente',
      payload: JSON.stringify({ payment: paid }),
    });
    expect(orders.get(orderId)?.status).toBe('paid');
    const late = await gatewayJwt(session, { paymentStatus: 'error' });
    await shop.inject({
      method: 'POST',
      url: '/webhooks/puente',
      payload: JSON.stringify({ payment: late }),
    });
    expect(orders.get(orderId)?.status).toBe('paid');
  });
});

describe('order store', () => {
  it('keeps orders and signature tokens across restarts in its JSON file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'puente-shop-')), 'orders.json');
    const store = new DemoOrderStore(path);
    store.create({
      id: 'DEMO-1',
      productId: 'cafe-grano',
      productName: 'Café',
      amount: 12_500,
      bankCode: null,
    });
    store.addSession('DEMO-1', { token: 'tok', signatureToken: 'sig' });
    const reopened = new DemoOrderStore(path);
    expect(reopened.signatureTokenFor('tok', 'DEMO-1')).toBe('sig');
    expect(reopened.signatureTokenFor('tok', 'DEMO-2')).toBeNull();
    expect(reopened.list()).toHaveLength(1);
  });
});

describe('widget checkout', () => {
  async function widgetCheckout(productId = 'cafe-grano') {
    const response = await shop.inject({
      method: 'POST',
      url: '/checkout/widget',
      payload: JSON.stringify({ product_id: productId }),
    });
    expect(response.statusCode).toBe(200);
    const { session_token, order_id } = response.json() as { session_token: string; order_id: string };
    const session = await gateway.services.sessions.findByToken(session_token);
    if (!session) throw new Error('the gateway has no such session');
    return { orderId: order_id, session };
  }
  const result = (jwt: unknown) =>
    shop.inject({ method: 'POST', url: '/checkout/widget/result', payload: JSON.stringify({ jwt }) });

  it('offers "Pagar sin salir de la tienda" with the gateway widget, allowed by the CSP', async () => {
    const product = await shop.inject('/producto/tetera-pomaire');
    expect(product.body).toContain('Pagar sin salir de la tienda');
    expect(product.body).toContain(`<script src="${gateway.url}/assets/puente-widget.js"></script>`);
    const csp = String(product.headers['content-security-policy']);
    expect(csp).toContain(`script-src ${gateway.url} 'self'`);
    expect(csp).toContain(`frame-src ${gateway.url}`);
  });

  it('opens a session without a bank, and reads the callback JWT with the SDK (never as paid)', async () => {
    const { orderId, session } = await widgetCheckout();
    expect(session.userBankCode).toBeNull();
    expect(session.orderAmount).toBe(orders.get(orderId)?.amount);

    const success = await result(await gatewayJwt(session, { paymentStatus: 'success' }));
    expect(success.statusCode).toBe(200);
    expect(success.json()).toMatchObject({
      order_id: orderId,
      status: 'pending',
      title: '¡Gracias por tu compra!',
    });

    const cancelled = await result(await gatewayJwt(session, { paymentStatus: 'cancelled' }));
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', status_label: 'Cancelado' });
    expect(orders.get(orderId)?.events.map((event) => event.source)).toEqual(['widget', 'widget']);
  });

  it('refuses a forged or missing JWT without touching the order', async () => {
    const { orderId, session } = await widgetCheckout();
    const forged = await result(await gatewayJwt(session, { paymentStatus: 'cancelled' }, 'x'.repeat(64)));
    expect(forged.statusCode).toBe(400);
    expect((await result(undefined)).statusCode).toBe(400);
    expect(orders.get(orderId)?.status).toBe('pending');
    expect(orders.get(orderId)?.events).toEqual([]);
  });
});
