import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, FunnelClient, formAction } from '../support/funnel-client.ts';
import { type FunnelHarness, newSession, startFunnelHarness } from '../support/funnel-harness.ts';

/**
 * Whatever a client sends, the gateway answers without a 5xx, and a refused request leaves nothing behind.
 * Generated bodies mix valid values with the shapes real clients get wrong: empty and blank strings, control
 * characters, lone surrogates, huge and fractional numbers, nested junk, unknown fields.
 */
let harness: FunnelHarness;
let credentials: { merchant_code: string; merchant_api_token: string };

beforeAll(async () => {
  harness = await startFunnelHarness({
    PUENTE_API_RATE_LIMIT: '0',
    PUENTE_API_AUTH_FAILURES_PER_MINUTE: '0',
  });
  credentials = {
    merchant_code: harness.merchant.merchant.code,
    merchant_api_token: harness.merchant.apiToken,
  };
});
afterAll(async () => harness?.close());

const awkwardText = fc.oneof(
  fc.string({ unit: 'grapheme-composite', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\u0000',
    'OC\n1',
    '\ud800',
    'null',
    '1e21',
    '50.000',
    '-1',
    '<script>',
    '🎟️',
  ),
);
const awkwardValue = fc.oneof(
  awkwardText,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, 1, 50_000, 1e21, Number.MAX_SAFE_INTEGER, -0),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: awkwardValue }), {
    nil: undefined,
  });

const initializeBody = fc.record(
  {
    merchant_order_id: field(fc.string({ minLength: 1, maxLength: 64 })),
    order_amount: field(fc.integer({ min: 1, max: 5_000_000 })),
    customer_email: field(fc.emailAddress()),
    user_bank_code: field(fc.constantFrom('cl_bci', 'CL_BCH', 'cl_test')),
    user_rut: field(fc.constantFrom('12.345.678-5', '11111111-1', '123456785')),
    is_rut_block: field(fc.constantFrom(true, 'false', '1')),
    metadata: field(
      fc.array(fc.record({ name: fc.string({ minLength: 1 }), value: fc.string(), show: fc.boolean() })),
    ),
    payment_completed_url: field(fc.webUrl()),
    payment_webhook_url: field(fc.webUrl()),
    concat: field(fc.constantFrom('&', ';', '?')),
    unknown_field: field(fc.string()),
  },
  { requiredKeys: [] },
);

async function sessionCount(): Promise<number> {
  const [row] = await harness.services.db.query<{ n: number }>(
    'select count(*)::int as n from payment_sessions',
  );
  return row?.n ?? 0;
}

describe('fuzzing the merchant API', () => {
  it('POST /session/initialize: never a 5xx, and a refused body creates no session', async () => {
    await fc.assert(
      fc.asyncProperty(initializeBody, fc.boolean(), async (body, withCredentials) => {
        const before = await sessionCount();
        const payload = withCredentials ? { ...credentials, ...body } : body;
        const response = await harness.app.inject({
          method: 'POST',
          url: '/session/initialize',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode === 200) expect(response.json().token).toMatch(/^[A-Za-z0-9]{64}$/);
        else expect(response.json().code).toEqual(expect.any(String));
        if (response.statusCode !== 200) expect(await sessionCount()).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it('POST /merchant/check_payment_status: never a 5xx, always an array when it answers 200', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            payment_token: field(fc.string()),
            merchant_order_id: field(fc.string({ minLength: 1, maxLength: 64 })),
            session_token: field(fc.string()),
            merchant_code: field(fc.constant(credentials.merchant_code)),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const response = await harness.app.inject({
            method: 'POST',
            url: '/merchant/check_payment_status',
            payload: JSON.stringify({ merchant_api_token: credentials.merchant_api_token, ...body }),
          });
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode === 200) expect(Array.isArray(response.json())).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('fuzzing the funnel forms', () => {
  it('every action, any form body, with or without a valid CSRF token: never a 5xx', async () => {
    const actions = ['bank', 'login', 'second-factor', 'account', 'approve', 'cancel'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...actions),
        fc.dictionary(
          fc.constantFrom('bank', 'rut', 'password', 'code', 'coordinate', 'account', 'kind', 'x'),
          awkwardText,
          {
            maxKeys: 4,
          },
        ),
        fc.boolean(),
        async (action, fields, validCsrf) => {
          const session = await newSession(harness);
          const client = new FunnelClient(harness.baseUrl);
          const page = await client.get(session.path);
          const csrf = validCsrf ? csrfOf(page.body) : 'forged';
          const target = formAction(page.body, action) ?? `${session.path}/${action}?lang=es`;
          const answer = await client.post(target, { ...fields, csrf } as Record<string, string>);
          expect(answer.status).toBeLessThan(500);
          // A cancellation leaves for the merchant's URL: nothing more of ours to ask.
          if (answer.location?.startsWith('https://shop.example/')) return;
          const next = await client.get(answer.location ?? session.path);
          expect(next.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
