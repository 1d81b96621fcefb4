import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { buildTestApp, postJson } from '../support/http.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

let services: Services;
let app: FastifyInstance;
let valid: Record<string, unknown>;
let merchantId: number;

beforeAll(async () => {
  services = await createTestServices({ PUENTE_MAX_BODY_BYTES: '8192' });
  app = await buildTestApp(services);
  const { merchant, apiToken } = await createTestMerchant(services);
  merchantId = merchant.id;
  valid = {
    merchant_code: merchant.code,
    merchant_api_token: apiToken,
    merchant_order_id: 'OC-1',
    order_amount: 50000,
  };
});

afterAll(async () => {
  await app.close();
  await services.close();
});

const metadataItems = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ name: `n${i}`, value: 'v', show: true }));

/** [field, bad value] — every one must be a 400 naming the field. */
const BAD_FIELDS: [string, unknown][] = [
  ['merchant_code', undefined],
  ['merchant_code', ''],
  ['merchant_code', 123],
  ['merchant_code', ['a']],
  ['merchant_api_token', undefined],
  ['merchant_api_token', ''],
  ['merchant_api_token', { token: 'x' }],
  ['merchant_order_id', undefined],
  ['merchant_order_id', ''],
  ['merchant_order_id', '   '],
  ['merchant_order_id', 'x'.repeat(65)],
  ['merchant_order_id', 'ñ'.repeat(65)],
  ['merchant_order_id', 'OC\n700104'],
  ['merchant_order_id', 'OC\t1'],
  ['merchant_order_id', 'OC\u007f1'],
  ['merchant_order_id', 'OC\u00851'],
  ['merchant_order_id', 'OC\u0000'],
  ['merchant_order_id', 'OC-\ud800'],
  ['merchant_order_id', 700104],
  ['order_amount', undefined],
  ['order_amount', 10.5],
  ['order_amount', 0],
  ['order_amount', -5],
  ['order_amount', 'abc'],
  ['order_amount', ''],
  ['order_amount', '10.5'],
  ['order_amount', '50.000'],
  ['order_amount', true],
  ['order_amount', [50000]],
  ['order_amount', { value: 50000 }],
  ['order_amount', 1e300],
  ['customer_email', 'not-an-email'],
  ['customer_email', 42],
  ['user_bank_code', 'cl_nope'],
  ['user_bank_code', 7],
  ['user_rut', '12.345.678-4'],
  ['user_rut', '12345678'],
  ['user_rut', 'abc'],
  ['user_rut', {}],
  ['is_rut_block', 'yes'],
  ['is_rut_block', 2],
  ['metadata', 'note'],
  ['metadata', {}],
  ['metadata', metadataItems(21)],
  ['metadata', [null]],
  ['metadata', ['text']],
  ['metadata', [{ name: '', value: 'v' }]],
  ['metadata', [{ value: 'v' }]],
  ['metadata', [{ name: 'n', value: { deep: [1] } }]],
  ['metadata', [{ name: 'n', value: 'x'.repeat(501) }]],
  ['metadata', [{ name: 'n', value: 'v', show: 'maybe' }]],
  ['metadata', [{ name: 'n', value: 'bad \u0000 byte' }]],
  ['payment_completed_url', 'ftp://shop.example/ok'],
  ['payment_completed_url', '/relative/path'],
  ['payment_completed_url', 'shop.example/ok'],
  ['payment_cancellation_url', 'javascript:alert(1)'],
  ['payment_cancellation_url', 'https://user:pass@shop.example/'],
  ['payment_webhook_url', 'file:///etc/passwd'],
  ['payment_webhook_url', 12],
  ['concat', '&&'],
  ['concat', 'a'],
];

describe('POST /session/initialize — bad input', () => {
  it.each(BAD_FIELDS)('answers 400 naming %s for %j', async (field, value) => {
    const body: Record<string, unknown> = { ...valid, [field]: value };
    if (value === undefined) delete body[field];
    const { status, body: error } = await postJson(app, '/session/initialize', body);
    expect(status).toBe(400);
    expect(error.code).toBe('validation_error');
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}:`)).toBe(true);
  });

  it('reads an optional field sent as "", only spaces or null as absent', async () => {
    for (const empty of ['', '   ', null]) {
      const { status, body } = await postJson(app, '/session/initialize', {
        ...valid,
        customer_email: empty,
        user_bank_code: empty,
        user_rut: empty,
        is_rut_block: empty,
        metadata: empty,
        payment_completed_url: empty,
        payment_cancellation_url: empty,
        payment_webhook_url: empty,
        concat: empty,
      });
      expect({ empty, status }).toEqual({ empty, status: 200 });
      const [session] = await services.sessions.search({ merchantId, sessionToken: body.token });
      expect(session).toMatchObject({
        customerEmail: null,
        userBankCode: null,
        userRut: null,
        isRutBlock: false,
        metadata: [],
        concat: '&',
      });
    }
  });

  it.each([
    '7-3-2026-12-01 21:20:05.123456',
    'Pedido Ñuñoa #12 (señora José)',
    '  padded order  ',
    'emoji 🎟️ ticket',
    'ñ'.repeat(64),
    '🎟'.repeat(64),
  ])('accepts and keeps byte for byte the order id %j', async (orderId) => {
    const { status, body } = await postJson(app, '/session/initialize', {
      ...valid,
      merchant_order_id: orderId,
    });
    expect(status).toBe(200);
    const [session] = await services.sessions.search({ merchantId, sessionToken: body.token });
    expect(session?.merchantOrderId).toBe(orderId);
  });

  it('accepts exactly 20 metadata items and a 64-character order id', async () => {
    const { status } = await postJson(app, '/session/initialize', {
      ...valid,
      merchant_order_id: 'A'.repeat(64),
      metadata: metadataItems(20),
    });
    expect(status).toBe(200);
  });

  it.each([
    ['not JSON', 'merchant_code=x&order_amount=1'],
    ['an array', '[1,2,3]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a plain string', '"hello"'],
    ['truncated JSON', '{"merchant_code": "x"'],
    ['an empty body', ''],
    ['deeply nested junk', `${'['.repeat(3000)}${']'.repeat(3000)}`],
    ['deeply nested objects', `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`],
  ])('answers a JSON 400 for %s', async (_name, payload) => {
    const response = await app.inject({ method: 'POST', url: '/session/initialize', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: expect.stringMatching(/invalid_body|validation_error/) });
    expect(typeof response.json().message).toBe('string');
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: JSON.stringify({ ...valid, padding: 'x'.repeat(10_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('answers a JSON 404 for unknown routes and a JSON 405 for other methods on API paths', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
    for (const [method, url] of [
      ['GET', '/merchant/check_payment_status'],
      ['DELETE', '/session/initialize'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode).toBe(405);
      expect(response.json().code).toBe('method_not_allowed');
    }
  });
});
