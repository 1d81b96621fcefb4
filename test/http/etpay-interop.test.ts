import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunnelClient, walkPayment } from '../support/funnel-client.ts';
import { type FunnelHarness, ledger, paysOrder, startFunnelHarness } from '../support/funnel-harness.ts';
import { createTestMerchant } from '../support/services.ts';

/**
 * Request bodies that integrations written for the original protocol by other people send, replayed field
 * for field over HTTP against a default merchant, then paid through the funnel and the bank simulator.
 */
let harness: FunnelHarness;
let shop: { merchant_code: string; merchant_api_token: string };

beforeAll(async () => {
  harness = await startFunnelHarness();
  shop = {
    merchant_code: harness.merchant.merchant.code,
    merchant_api_token: harness.merchant.apiToken,
  };
});
afterAll(async () => harness?.close());

/** As a shop's server calls the API: a JSON text body, over a socket. */
async function call(path: string, body: Record<string, unknown>) {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: an answer of the merchant API, checked field by field below
  return { status: response.status, body: (await response.json()) as any };
}

/** Pays a session through the funnel with the sandbox's successful test payer; returns the redirect's JWT. */
async function pay(token: string): Promise<string> {
  const walk = await walkPayment(new FunnelClient(harness.baseUrl), `/session/${token}`, {
    bank: 'cl_test',
    rut: '11.111.111-1',
  });
  const jwt = walk.redirect ? new URL(walk.redirect).searchParams.get('jwt') : null;
  if (!jwt) throw new Error(`the payment did not end with a redirect: ${walk.page.slice(0, 300)}`);
  return jwt;
}

describe('what real shops send', () => {
  it('a status search with every key, the empty boxes as "", finds the order', async () => {
    const created = await call('/session/initialize', {
      ...shop,
      merchant_order_id: 'EXP-002',
      order_amount: 12_000,
    });
    expect(created.status).toBe(200);
    // Field for field what the shop's search form sends.
    const answer = await call('/merchant/check_payment_status', {
      merchant_code: shop.merchant_code,
      merchant_api_token: shop.merchant_api_token,
      session_token: '',
      payment_token: '',
      merchant_order_id: 'EXP-002',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      expect.objectContaining({ session_token: created.body.token, merchant_order_id: 'EXP-002' }),
    ]);
  });

  it('a status search whose keys are all empty is a 400 that says a key is needed', async () => {
    const answer = await call('/merchant/check_payment_status', {
      ...shop,
      session_token: '',
      payment_token: ' ',
      merchant_order_id: '',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_error');
    expect(answer.body.message).toMatch(/at least one of payment_token, merchant_order_id or session_token/);
  });

  it('a mobile app\'s order id built from a timestamp, with customer_email "", pays and comes back byte for byte', async () => {
    const orderId = `7-3-${new Date().toISOString().slice(0, 10)} 21:20:05.123456`;
    const created = await call('/session/initialize', {
      ...shop,
      merchant_order_id: orderId,
      order_amount: 8_500,
      customer_email: '',
    });
    expect(created.status).toBe(200);
    const jwt = await pay(created.body.token);
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(created.body.signature_token));
    expect(payload).toMatchObject({ merchant_order_id: orderId, payment_status: 'success' });
    const status = await call('/merchant/check_payment_status', { ...shop, merchant_order_id: orderId });
    expect(status.body.map((row: { merchant_order_id: string }) => row.merchant_order_id)).toEqual([orderId]);
    const moved = (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, orderId));
    expect(moved).toHaveLength(1);
  });

  it('a ticket site sells two tickets under one event id: both pay, and the status query returns both', async () => {
    const eventId = `EVENTO-${Date.now()}`;
    const sale = () =>
      call('/session/initialize', { ...shop, merchant_order_id: eventId, order_amount: 25_000 });
    const first = await sale();
    const firstJwt = await pay(first.body.token);
    const second = await sale();
    expect(second.status).toBe(200);
    expect(second.body.payment_url).toMatch(/\/session\/[A-Za-z0-9]{64}$/);
    const secondJwt = await pay(second.body.token);

    expect(decodeJwt(firstJwt).payment_status).toBe('success');
    expect(decodeJwt(secondJwt).payment_status).toBe('success');
    expect(decodeJwt(firstJwt).payment_token).not.toBe(decodeJwt(secondJwt).payment_token);
    const status = await call('/merchant/check_payment_status', { ...shop, merchant_order_id: eventId });
    expect(status.body.map((row: { session_token: string; payment_status: string }) => row)).toEqual([
      expect.objectContaining({ session_token: second.body.token, payment_status: 'success' }),
      expect.objectContaining({ session_token: first.body.token, payment_status: 'success' }),
    ]);
    // The site counts tickets by summing successful payments: the bank moved the money twice, once each.
    const moved = (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, eventId));
    expect(moved.map((entry) => entry.amount)).toEqual([25_000, 25_000]);
  });

  it('with one payment per order on, a second payment of a paid order is refused with 409', async () => {
    const strict = await createTestMerchant(harness.services, {
      name: 'Tienda Estricta',
      onePaymentPerOrder: true,
    });
    const credentials = { merchant_code: strict.merchant.code, merchant_api_token: strict.apiToken };
    const orderId = `OC-${Date.now()}`;
    const first = await call('/session/initialize', {
      ...credentials,
      merchant_order_id: orderId,
      order_amount: 9_990,
    });
    await pay(first.body.token);
    const again = await call('/session/initialize', {
      ...credentials,
      merchant_order_id: orderId,
      order_amount: 9_990,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'order_already_paid' });
  });
});
