import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { buildTestApp } from '../support/http.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

let services: Services;
let app: FastifyInstance;
let credentials: Record<string, string>;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildTestApp(services);
  const { merchant, apiToken } = await createTestMerchant(services);
  credentials = { merchant_code: merchant.code, merchant_api_token: apiToken };
});

afterAll(async () => {
  await app.close();
  await services.close();
});

const FIELDS = [
  'merchant_code',
  'merchant_api_token',
  'merchant_order_id',
  'order_amount',
  'customer_email',
  'user_bank_code',
  'user_rut',
  'is_rut_block',
  'metadata',
  'payment_completed_url',
  'payment_cancellation_url',
  'payment_webhook_url',
  'concat',
  'payment_token',
  'session_token',
  '__proto__',
  'constructor',
];

/** Bodies of every shape: real field names with junk values, sometimes with valid credentials. */
const body = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .tuple(
      fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 10 }),
      fc.boolean(),
    )
    .map(([fields, withCredentials]) =>
      JSON.stringify(withCredentials ? { ...fields, ...credentials } : fields),
    ),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '*/*',
  'garbage',
);

describe('random bodies', () => {
  it.each(['/session/initialize', '/merchant/check_payment_status'])(
    'never produce a 5xx or a stack trace at %s',
    async (url) => {
      await fc.assert(
        fc.asyncProperty(body, contentType, async (payload, type) => {
          const response = await app.inject({
            method: 'POST',
            url,
            payload,
            headers: type ? { 'content-type': type } : {},
          });
          expect(response.statusCode).toBeLessThan(500);
          const answer = response.json();
          if (response.statusCode >= 400) {
            expect(typeof answer.code).toBe('string');
            expect(typeof answer.message).toBe('string');
          }
          expect(response.body).not.toMatch(/at .+\.ts:\d+|stack|Error:/);
        }),
        { numRuns: 400 },
      );
    },
  );
});
