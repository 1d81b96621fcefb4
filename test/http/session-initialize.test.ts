import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { enableDirectTransfer } from '../support/collecting-account.ts';
import { buildTestApp, postJson } from '../support/http.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

let services: Services;
let app: FastifyInstance;
let credentials: { merchant_code: string; merchant_api_token: string };
let orderNumber = 0;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildTestApp(services);
  const { merchant, apiToken } = await createTestMerchant(services, { amountLimit: 1_000_000 });
  credentials = { merchant_code: merchant.code, merchant_api_token: apiToken };
});

afterAll(async () => {
  await app.close();
  await services.close();
});

function order(fields: Record<string, unknown> = {}) {
  orderNumber += 1;
  return { ...credentials, merchant_order_id: `OC-${orderNumber}`, order_amount: 50000, ...fields };
}

describe('POST /session/initialize — happy paths', () => {
  it('creates a session and answers token, signature_token, expires_at and payment_url', async () => {
    const before = Date.now();
    const { status, body } = await postJson(app, '/session/initialize', order());
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['expires_at', 'payment_url', 'signature_token', 'token']);
    expect(body.token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(body.signature_token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(body.signature_token).not.toBe(body.token);
    expect(body.payment_url).toBe(`http://pay.puente.test/session/${body.token}`);
    const expiresIn = Date.parse(body.expires_at) - before;
    expect(expiresIn).toBeGreaterThan(29 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000 + 5_000);
  });

  it.each([50000, 50000.0, '50000', '50000.0'])('accepts the amount %j as 50000 pesos', async (amount) => {
    const { status, body } = await postJson(app, '/session/initialize', order({ order_amount: amount }));
    expect(status).toBe(200);
    const session = await services.sessions.findByToken(body.token);
    expect(session?.orderAmount).toBe(50000);
  });

  it('reads a JSON text posted with no Content-Type, as the original Python SDK sends it', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: JSON.stringify(order()),
    });
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.statusCode).toBe(200);
  });

  it('reads JSON whatever the Content-Type says', async () => {
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/session/initialize',
        headers: { 'content-type': contentType },
        payload: JSON.stringify(order()),
      });
      expect(response.statusCode, contentType).toBe(200);
    }
  });

  it('reads a JSON object that was encoded twice (a JSON string holding the object)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: JSON.stringify(JSON.stringify(order())),
    });
    expect(response.statusCode).toBe(200);
  });

  it('stores every optional field, normalised', async () => {
    const { status, body } = await postJson(
      app,
      '/session/initialize',
      order({
        customer_email: 'pagador@example.cl',
        user_bank_code: 'CL_BCH',
        user_rut: '12.345.678-5',
        is_rut_block: 'true',
        metadata: [
          { name: 'Pedido', value: 'OC-700104', show: true },
          { name: 'Interno', value: 42, show: false },
        ],
        payment_completed_url: 'https://shop.example/gracias?order=1',
        payment_cancellation_url: 'http://localhost:3000/cancel',
        payment_webhook_url: 'https://shop.example/hooks/puente',
        concat: '?',
      }),
    );
    expect(status).toBe(200);
    const session = await services.sessions.findByToken(body.token);
    expect(session).toMatchObject({
      customerEmail: 'pagador@example.cl',
      userBankCode: 'cl_bch',
      userRut: '12345678-5',
      isRutBlock: true,
      metadata: [
        { name: 'Pedido', value: 'OC-700104', show: true },
        { name: 'Interno', value: '42', show: false },
      ],
      completedUrl: 'https://shop.example/gracias?order=1',
      cancellationUrl: 'http://localhost:3000/cancel',
      webhookUrl: 'https://shop.example/hooks/puente',
      concat: '?',
      paymentStatus: 'pending',
      paymentStep: 'created',
      paymentToken: null,
    });
  });

  it("falls back to the merchant's default URLs", async () => {
    const { body } = await postJson(app, '/session/initialize', order());
    const session = await services.sessions.findByToken(body.token);
    expect(session).toMatchObject({
      completedUrl: 'https://shop.example/ok',
      cancellationUrl: 'https://shop.example/cancel',
      webhookUrl: 'https://shop.example/webhook',
      concat: '&',
    });
  });

  it('accepts RUTs in every common format and null optional fields', async () => {
    for (const rut of ['12.345.678-5', '12345678-5', '123456785', '10000013-k']) {
      const { status } = await postJson(app, '/session/initialize', order({ user_rut: rut }));
      expect(status, rut).toBe(200);
    }
    const { status } = await postJson(
      app,
      '/session/initialize',
      order({ customer_email: null, user_bank_code: null, metadata: null, concat: null }),
    );
    expect(status).toBe(200);
  });

  it('keeps the signature token encrypted at rest', async () => {
    const { body } = await postJson(app, '/session/initialize', order());
    const rows = await services.db.query<{ signature_token_sealed: string }>(
      'select signature_token_sealed from payment_sessions where token = $1',
      [body.token],
    );
    expect(rows[0]?.signature_token_sealed).not.toContain(body.signature_token);
    expect(services.secretBox.open(rows[0]?.signature_token_sealed ?? '')).toBe(body.signature_token);
  });

  it('gives 20 concurrent sessions for one order, each with its own tokens', async () => {
    const body = order();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postJson(app, '/session/initialize', body)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((response) => response.body.token)).size).toBe(20);
    expect(new Set(responses.map((response) => response.body.signature_token)).size).toBe(20);
    const sessions = await services.sessions.search({
      merchantId: (await services.merchants.findByCode(credentials.merchant_code))?.id ?? 0,
      merchantOrderId: body.merchant_order_id,
    });
    expect(sessions).toHaveLength(20);
  });
});

describe('POST /session/initialize — conflicts and merchant rules', () => {
  it('with one payment per order, refuses a new session for an order that is already paid with 409', async () => {
    const { merchant, apiToken } = await createTestMerchant(services, { onePaymentPerOrder: true });
    const body = order({ merchant_code: merchant.code, merchant_api_token: apiToken });
    const first = await postJson(app, '/session/initialize', body);
    await services.db.query("update payment_sessions set payment_status = 'success' where token = $1", [
      first.body.token,
    ]);
    const { status, body: error } = await postJson(app, '/session/initialize', body);
    expect(status).toBe(409);
    expect(error).toMatchObject({ code: 'order_already_paid' });
    expect(error.message).toContain(body.merchant_order_id);
  });

  it('by default, opens a new session for an order that is already paid: each session is its own payment', async () => {
    const body = order();
    const first = await postJson(app, '/session/initialize', body);
    await services.db.query("update payment_sessions set payment_status = 'success' where token = $1", [
      first.body.token,
    ]);
    const second = await postJson(app, '/session/initialize', body);
    expect(second.status).toBe(200);
    expect(second.body.token).not.toBe(first.body.token);
  });

  it('allows a new session for an order whose earlier sessions failed', async () => {
    const body = order();
    const first = await postJson(app, '/session/initialize', body);
    await services.db.query("update payment_sessions set payment_status = 'error' where token = $1", [
      first.body.token,
    ]);
    expect((await postJson(app, '/session/initialize', body)).status).toBe(200);
  });

  it("refuses an amount over the merchant's limit", async () => {
    const { status, body } = await postJson(app, '/session/initialize', order({ order_amount: 1_000_001 }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'validation_error', field: 'order_amount' });
    expect(body.message).toContain('$1.000.000');
    expect((await postJson(app, '/session/initialize', order({ order_amount: 1_000_000 }))).status).toBe(200);
  });

  it('offers cl_test only to sandbox merchants, and production merchants only https URLs', async () => {
    const { merchant, apiToken } = await createTestMerchant(services, { environment: 'production' });
    const production = { merchant_code: merchant.code, merchant_api_token: apiToken };
    const test = await postJson(
      app,
      '/session/initialize',
      order({ ...production, user_bank_code: 'cl_test' }),
    );
    expect(test.status).toBe(400);
    expect(test.body.field).toBe('user_bank_code');
    const http = await postJson(
      app,
      '/session/initialize',
      order({ ...production, payment_webhook_url: 'http://shop.example/hook' }),
    );
    expect(http.status).toBe(400);
    expect(http.body.field).toBe('payment_webhook_url');
    // Its payments land in its collecting account: none is taken before the account is registered.
    const unready = await postJson(
      app,
      '/session/initialize',
      order({ ...production, user_bank_code: 'cl_bci' }),
    );
    expect(unready.status).toBe(409);
    expect(unready.body).toMatchObject({ code: 'collecting_account_missing' });
    expect(unready.body.message).toContain('collecting account');
    await enableDirectTransfer(services, merchant);
    expect(
      (await postJson(app, '/session/initialize', order({ ...production, user_bank_code: 'cl_bci' }))).status,
    ).toBe(200);
    expect((await postJson(app, '/session/initialize', order({ user_bank_code: 'CL_TEST' }))).status).toBe(
      200,
    );
  });
});

describe('POST /session/initialize — credentials', () => {
  it.each([
    ['a wrong token', { merchant_api_token: 'x'.repeat(64) }],
    ['a wrong code', { merchant_code: 'sbx_doesnotexist' }],
    ['both wrong', { merchant_code: 'sbx_nobody', merchant_api_token: 'nope' }],
  ])('answers 401 without saying which half was wrong for %s', async (_name, wrong) => {
    const { status, body } = await postJson(app, '/session/initialize', order(wrong));
    expect(status).toBe(401);
    expect(body).toMatchObject({
      code: 'invalid_credentials',
      message: 'merchant_code or merchant_api_token is not valid',
    });
  });

  it("refuses another merchant's code with this merchant's token", async () => {
    const other = await createTestMerchant(services, { name: 'Otra Tienda' });
    const { status } = await postJson(
      app,
      '/session/initialize',
      order({ merchant_code: other.merchant.code }),
    );
    expect(status).toBe(401);
  });

  it('answers 403 for a suspended merchant, and works again once reactivated', async () => {
    const { merchant, apiToken } = await createTestMerchant(services);
    const own = { merchant_code: merchant.code, merchant_api_token: apiToken };
    await services.merchants.update(merchant.code, { active: false });
    const suspended = await postJson(app, '/session/initialize', order(own));
    expect(suspended.status).toBe(403);
    expect(suspended.body.code).toBe('merchant_inactive');
    await services.merchants.update(merchant.code, { active: true });
    expect((await postJson(app, '/session/initialize', order(own))).status).toBe(200);
  });
});
