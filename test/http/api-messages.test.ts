import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { buildTestApp, postJson } from '../support/http.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

/** What the merchant API says when a request is wrong: each message names what is wrong, and only that. */
let services: Services;
let app: FastifyInstance;
let valid: Record<string, unknown>;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildTestApp(services);
  const { merchant, apiToken } = await createTestMerchant(services);
  valid = {
    merchant_code: merchant.code,
    merchant_api_token: apiToken,
    merchant_order_id: 'OC-MSG-1',
    order_amount: 1000,
  };
});
afterAll(async () => {
  await app?.close();
  await services?.close();
});

describe('merchant API messages', () => {
  it.each([1e21, 2 ** 53, -1, 0, 1.5])('order_amount %s names the range', async (amount) => {
    const { status, body } = await postJson(app, '/session/initialize', { ...valid, order_amount: amount });
    expect(status).toBe(400);
    expect(body.message).toBe('order_amount: must be a whole number of pesos from 1 to 9007199254740991');
  });

  it('tells an empty body from malformed JSON from JSON that is not an object', async () => {
    const send = async (payload: string) =>
      (await app.inject({ method: 'POST', url: '/session/initialize', payload })).json();
    expect(await send('')).toMatchObject({
      code: 'invalid_body',
      message: 'the request body is empty; send a JSON object',
    });
    const malformed = await send('{"merchant_code": "x"');
    expect(malformed.code).toBe('invalid_body');
    expect(malformed.message).toMatch(/^the request body is not valid JSON.*; send a JSON object$/);
    expect(await send('[1,2]')).toMatchObject({
      message: 'the request body is an array; it must be a JSON object',
    });
    expect(await send('42')).toMatchObject({
      message: 'the request body is a number; it must be a JSON object',
    });
  });

  it.each(['/session/initialize', '/merchant/check_payment_status'])(
    'GET %s is a JSON 405 naming POST',
    async (url) => {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(405);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers.allow).toBe('POST');
      expect(response.json()).toMatchObject({
        code: 'method_not_allowed',
        message: `GET is not allowed here; use POST ${url}`,
      });
    },
  );

  it('a wrong token on the status query does not name a merchant_code that was not sent', async () => {
    const alone = await postJson(app, '/merchant/check_payment_status', {
      merchant_api_token: 'wrong',
      merchant_order_id: 'OC-1',
    });
    expect(alone.status).toBe(401);
    expect(alone.body.message).toBe('merchant_api_token is not valid');
    const both = await postJson(app, '/merchant/check_payment_status', {
      merchant_code: valid.merchant_code,
      merchant_api_token: 'wrong',
      merchant_order_id: 'OC-1',
    });
    expect(both.body.message).toBe('merchant_code or merchant_api_token is not valid');
  });

  it('serves a favicon', async () => {
    const response = await app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });
});
