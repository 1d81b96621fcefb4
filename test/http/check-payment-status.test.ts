import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { buildTestApp, postJson } from '../support/http.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

let services: Services;
let app: FastifyInstance;
let shop: { merchant_code: string; merchant_api_token: string };
let rival: { merchant_code: string; merchant_api_token: string };

async function newSession(credentials: typeof shop, orderId: string) {
  const { body } = await postJson(app, '/session/initialize', {
    ...credentials,
    merchant_order_id: orderId,
    order_amount: '15990',
    user_bank_code: 'cl_santander',
  });
  return body.token as string;
}

beforeAll(async () => {
  services = await createTestServices();
  app = await buildTestApp(services);
  const a = await createTestMerchant(services, { name: 'Tienda A' });
  const b = await createTestMerchant(services, { name: 'Tienda B' });
  shop = { merchant_code: a.merchant.code, merchant_api_token: a.apiToken };
  rival = { merchant_code: b.merchant.code, merchant_api_token: b.apiToken };
});

afterAll(async () => {
  await app.close();
  await services.close();
});

describe('POST /merchant/check_payment_status', () => {
  it("answers an array of the order's sessions, newest first, with every field", async () => {
    const first = await newSession(shop, 'OC-STATUS-1');
    const second = await newSession(shop, 'OC-STATUS-1');
    await services.db.query(
      "update payment_sessions set payment_token = 'pay_abc', payment_step = 'bank_selected' where token = $1",
      [first],
    );
    const { status, body } = await postJson(app, '/merchant/check_payment_status', {
      merchant_api_token: shop.merchant_api_token,
      merchant_order_id: 'OC-STATUS-1',
    });
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    expect(body.map((row: { session_token: string }) => row.session_token)).toEqual([second, first]);
    expect(body[1]).toMatchObject({
      session_token: first,
      payment_token: 'pay_abc',
      merchant_order_id: 'OC-STATUS-1',
      order_amount: 15990,
      payment_status: 'pending',
      payment_step: 'bank_selected',
      user_bank_code: 'cl_santander',
    });
    expect(Date.parse(body[1].created_at)).not.toBeNaN();
    expect(Date.parse(body[1].updated_at)).not.toBeNaN();
    expect(JSON.stringify(body)).not.toContain('signature');
  });

  it('finds by session_token and by payment_token, and combines criteria', async () => {
    const token = await newSession(shop, 'OC-STATUS-2');
    await services.db.query("update payment_sessions set payment_token = 'pay_xyz' where token = $1", [
      token,
    ]);
    const bySession = await postJson(app, '/merchant/check_payment_status', {
      ...shop,
      session_token: token,
    });
    expect(bySession.body).toHaveLength(1);
    const byPayment = await postJson(app, '/merchant/check_payment_status', {
      ...shop,
      payment_token: 'pay_xyz',
    });
    expect(byPayment.body[0].session_token).toBe(token);
    const mismatch = await postJson(app, '/merchant/check_payment_status', {
      ...shop,
      payment_token: 'pay_xyz',
      merchant_order_id: 'OC-STATUS-1',
    });
    expect(mismatch.body).toEqual([]);
  });

  it('answers an empty array when nothing matches', async () => {
    const { status, body } = await postJson(app, '/merchant/check_payment_status', {
      ...shop,
      merchant_order_id: 'OC-NEVER',
    });
    expect(status).toBe(200);
    expect(body).toEqual([]);
  });

  it("never shows another merchant's sessions, by any criterion", async () => {
    const token = await newSession(shop, 'OC-PRIVATE');
    await services.db.query("update payment_sessions set payment_token = 'pay_private' where token = $1", [
      token,
    ]);
    for (const criterion of [
      { session_token: token },
      { payment_token: 'pay_private' },
      { merchant_order_id: 'OC-PRIVATE' },
    ]) {
      const { status, body } = await postJson(app, '/merchant/check_payment_status', {
        ...rival,
        ...criterion,
      });
      expect(status).toBe(200);
      expect(body).toEqual([]);
    }
  });

  it('needs at least one criterion', async () => {
    const { status, body } = await postJson(app, '/merchant/check_payment_status', shop);
    expect(status).toBe(400);
    expect(body.code).toBe('validation_error');
  });

  it('identifies the merchant by the token alone; a given merchant_code must match', async () => {
    const alone = await postJson(app, '/merchant/check_payment_status', {
      merchant_api_token: shop.merchant_api_token,
      merchant_order_id: 'OC-STATUS-1',
    });
    expect(alone.status).toBe(200);
    const wrongCode = await postJson(app, '/merchant/check_payment_status', {
      merchant_api_token: shop.merchant_api_token,
      merchant_code: rival.merchant_code,
      merchant_order_id: 'OC-STATUS-1',
    });
    expect(wrongCode.status).toBe(401);
    const missingToken = await postJson(app, '/merchant/check_payment_status', { merchant_order_id: 'OC-1' });
    expect(missingToken.status).toBe(400);
    expect(missingToken.body.field).toBe('merchant_api_token');
    const wrongToken = await postJson(app, '/merchant/check_payment_status', {
      merchant_api_token: 'wrong',
      merchant_order_id: 'OC-1',
    });
    expect(wrongToken.status).toBe(401);
    expect(wrongToken.body.code).toBe('invalid_credentials');
  });
});

describe('rate limits', () => {
  it('answers 429 with a JSON error when one merchant sends too much, without slowing others', async () => {
    const limited = await createTestServices({ PUENTE_API_RATE_LIMIT: '1' });
    const limitedApp = await buildTestApp(limited);
    const { merchant, apiToken } = await createTestMerchant(limited);
    const own = { merchant_code: merchant.code, merchant_api_token: apiToken, merchant_order_id: 'OC-RL' };
    const statuses = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await postJson(limitedApp, '/merchant/check_payment_status', own)).status);
    // A burst of two, then one a second: eight requests in a row cannot all pass, however slow the machine.
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(4);
    const limitedAnswer = await postJson(limitedApp, '/session/initialize', { ...own, order_amount: 1000 });
    expect(limitedAnswer.status).toBe(429);
    expect(limitedAnswer.body.code).toBe('rate_limited');
    const other = await createTestMerchant(limited);
    const otherAnswer = await postJson(limitedApp, '/merchant/check_payment_status', {
      merchant_api_token: other.apiToken,
      merchant_order_id: 'OC-RL',
    });
    expect(otherAnswer.status).toBe(200);
    await limitedApp.close();
    await limited.close();
  });
});
