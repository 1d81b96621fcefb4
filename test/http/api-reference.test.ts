import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPaymentJwt } from '../../src/adapters/crypto/payment-jwt.ts';
import { TEST_PAYERS } from '../../src/bank-simulator/test-payers.ts';
import type { Services } from '../../src/composition.ts';
import { ERROR_CODES } from '../../src/domain/errors.ts';
import { formatRut } from '../../src/domain/rut.ts';
import { errorHandler, STATUS_BY_CODE } from '../../src/http/errors.ts';
import { directTransferDeps } from '../../src/http/funnel/funnel-request.ts';
import { escapeHtml } from '../../src/http/html.ts';
import {
  API_ERROR_CODES,
  type ApiErrorCode,
  ERROR_CODE_DOCS,
  statusOfCode,
} from '../../src/http/openapi/error-codes.ts';
import {
  EXAMPLE_CLAIMS,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_JWT,
  EXAMPLE_ORDER_ID,
  EXAMPLE_REFERENCE,
  EXAMPLE_SIGNATURE_TOKEN,
} from '../../src/http/openapi/example-values.ts';
import type { ErrorExample } from '../../src/http/openapi/types.ts';
import { API_OPERATIONS, errorExamplesOf, openApiDocument } from '../../src/http/openapi.ts';
import { VERIFY_SNIPPETS } from '../../src/http/reference/verify-snippets.ts';
import { chooseDirectTransfer } from '../../src/use-cases/direct-transfer/choose-direct-transfer.ts';
import { enableDirectTransfer } from '../support/collecting-account.ts';
import { buildTestApp } from '../support/http.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';
import { storeSession } from '../support/stored-session.ts';

/**
 * The reference (`/openapi.json`, `/docs`) against the code it describes: the document is valid OpenAPI
 * 3.1, every example fits its schema, every error code the API can send is documented with an example,
 * and every documented request, sent to a real gateway, gets exactly the documented answer.
 */
const document = openApiDocument('http://api.puente.test');
let services: Services;
let app: FastifyInstance;

beforeAll(async () => {
  // One request per second per merchant (bursts of two), so the rate limit's example can be met; every
  // other example is replayed by a merchant of its own.
  services = await createTestServices({ PUENTE_API_RATE_LIMIT: '1' });
  app = await buildTestApp(services);
});
afterAll(async () => {
  await app?.close();
  await services?.close();
});

function schemaValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and is what /openapi.json serves', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const served = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(served.json()).toEqual(openApiDocument(services.config.PUENTE_API_URL));
  });

  it('every example fits its schema: requests, answers, errors, the webhook and the claims', async () => {
    const validator = new Validator();
    await validator.validate(structuredClone(document));
    const resolved = validator.resolveRefs() as typeof document;
    const ajv = schemaValidator();
    const problems: string[] = [];
    let checked = 0;
    const check = (
      where: string,
      schema: object,
      examples: Record<string, { value: unknown }> | undefined,
    ) => {
      expect(Object.keys(examples ?? {}).length, `${where} has examples`).toBeGreaterThan(0);
      const validate = ajv.compile(schema);
      for (const [name, example] of Object.entries(examples ?? {})) {
        checked++;
        if (!validate(example.value)) problems.push(`${where} ${name}: ${ajv.errorsText(validate.errors)}`);
      }
    };
    for (const [path, item] of Object.entries(resolved.paths)) {
      const media = item.post.requestBody.content['application/json'];
      check(`${path} request`, media.schema, media.examples);
      for (const [status, response] of Object.entries(item.post.responses)) {
        const content = (
          response as unknown as {
            content: { 'application/json': { schema: object; examples: Record<string, { value: unknown }> } };
          }
        ).content;
        check(`${path} ${status}`, content['application/json'].schema, content['application/json'].examples);
      }
    }
    const webhook = resolved.webhooks.payment.post.requestBody.content['application/json'];
    check('webhook body', webhook.schema, webhook.examples);
    const claims = resolved.components.schemas.PaymentClaims;
    check('claims', claims, Object.fromEntries(claims.examples.map((value, index) => [index, { value }])));
    for (const parameter of resolved.webhooks.payment.post.parameters) {
      check(`webhook header ${parameter.name}`, parameter.schema, { example: { value: parameter.example } });
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('documents every error code the code can send, each with its status and an example', () => {
    expect([...API_ERROR_CODES].sort()).toEqual([...ERROR_CODES, 'internal_error'].sort());
    expect(Object.keys(ERROR_CODE_DOCS).sort()).toEqual([...API_ERROR_CODES].sort());
    expect(document.components.schemas.Error.properties.code.enum).toEqual([...API_ERROR_CODES]);
    for (const code of ERROR_CODES) expect(statusOfCode(code)).toBe(STATUS_BY_CODE[code]);
    for (const code of API_ERROR_CODES) {
      const doc = ERROR_CODE_DOCS[code];
      expect(doc.example.code, code).toBe(code);
      expect(doc.meaning.length, code).toBeGreaterThan(10);
      expect(doc.action.length, code).toBeGreaterThan(10);
    }
    // Each endpoint: an example for every code it can answer, under that code's status.
    for (const operation of API_OPERATIONS) {
      const responses = document.paths[operation.path]?.post.responses as Record<
        string,
        { content: { 'application/json': { examples: Record<string, { value: { code: string } }> } } }
      >;
      for (const code of operation.errorCodes) {
        const examples = Object.values(
          responses[String(statusOfCode(code))]?.content['application/json'].examples ?? {},
        );
        expect(
          examples.some((example) => example.value.code === code),
          `${operation.path} has an example of ${code}`,
        ).toBe(true);
      }
      expect(Object.keys(operation.examples).length).toBeGreaterThan(0);
    }
  });

  it('the example JWT is EXAMPLE_CLAIMS signed by Puente with the example signature_token', async () => {
    const { iat, jti, ...claims } = EXAMPLE_CLAIMS;
    const signed = await signPaymentJwt(claims, EXAMPLE_SIGNATURE_TOKEN, {
      jti,
      issuedAt: new Date(iat * 1000),
    });
    expect(signed).toBe(EXAMPLE_JWT);
  });
});

/** Fills in a real merchant's credentials where an example has the example credentials. */
function withCredentials(
  body: unknown,
  credentials: { merchant_code: string; merchant_api_token: string },
): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return Array.isArray(body) ? body.map((item): unknown => withCredentials(item, credentials)) : body;
  }
  const filled: Record<string, unknown> = { ...body };
  for (const key of ['merchant_code', 'merchant_api_token'] as const) {
    if (filled[key] === EXAMPLE_CREDENTIALS[key]) filled[key] = credentials[key];
  }
  return filled;
}

/**
 * What a merchant must be, and what must have happened, for an example to get its documented answer. A
 * merchant of a success example (`'success'`) has an enabled collecting account, as direct transfer needs.
 */
async function merchantFor(code: ApiErrorCode | 'success') {
  const { merchant, apiToken } = await createTestMerchant(services, {
    active: code !== 'merchant_inactive',
    onePaymentPerOrder: code === 'order_already_paid',
    // A production merchant whose collecting account is not registered yet.
    environment: code === 'collecting_account_missing' ? 'production' : 'sandbox',
  });
  if (code === 'success') {
    await enableDirectTransfer(services, merchant);
  }
  if (code === 'order_already_paid') {
    const paid = await storeSession(services, merchant.id, {
      merchantOrderId: EXAMPLE_ORDER_ID,
      onePaymentPerOrder: true,
    });
    await services.db.query("update payment_sessions set payment_status = 'success' where id = $1", [
      paid.id,
    ]);
  }
  return { merchant_code: merchant.code, merchant_api_token: apiToken, merchantId: merchant.id };
}

/**
 * The earlier state a success example's answer needs: the example movement pays a waiting direct-transfer
 * payment of the example order, whose reference is the example's (references are drawn at random).
 */
async function successStateFor(name: string, merchantId: number): Promise<void> {
  if (!['/merchant/movements pays', '/merchant/movements sent_again'].includes(name)) return;
  // Stored without the API: the merchant's allowance (one request a second, bursts of two) is for the example.
  const waiting = await storeSession(services, merchantId, { merchantOrderId: EXAMPLE_ORDER_ID });
  const view = await services.funnels.load(waiting.token);
  if (!view) throw new Error('the stored session is not there');
  expect((await chooseDirectTransfer(directTransferDeps(services), view))?.applied).toBe(true);
  const updated = await services.db.query(
    'update direct_transfers set reference = $1 where session_id = $2 returning session_id',
    [EXAMPLE_REFERENCE, waiting.id],
  );
  expect(updated).toHaveLength(1);
}

/** Sends an example's request to the gateway: several times when only a burst gets the answer. */
async function replay(example: ErrorExample) {
  const credentials = await merchantFor(example.code);
  const body = withCredentials(example.request.body, credentials);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let payload = body === undefined ? undefined : JSON.stringify(body);
  if (example.code === 'payload_too_large') {
    payload = JSON.stringify({
      ...(body as object),
      metadata: [{ name: 'nota', value: 'x'.repeat(70_000) }],
    });
  }
  if (example.code === 'unsupported_media_type') headers['content-type'] = ';';
  const send = () =>
    app.inject({ method: example.request.method, url: example.request.path, headers, payload });
  let response = await send();
  for (
    let attempt = 0;
    example.code === 'rate_limited' && response.statusCode !== 429 && attempt < 20;
    attempt++
  )
    response = await send();
  return response;
}

/** The two answers no request can provoke in a healthy gateway, from the real error handler. */
async function faultAnswer(code: 'service_unavailable' | 'internal_error') {
  const bare = Fastify({ logger: false });
  bare.setErrorHandler(errorHandler);
  bare.post('/session/initialize', async () => {
    throw code === 'service_unavailable'
      ? Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
      : new TypeError("Cannot read properties of undefined (reading 'id')");
  });
  const response = await bare.inject({ method: 'POST', url: '/session/initialize', payload: {} });
  await bare.close();
  return response;
}

const allErrorExamples: [string, ErrorExample][] = [
  ...API_ERROR_CODES.map((code): [string, ErrorExample] => [
    `catalogue ${code}`,
    ERROR_CODE_DOCS[code].example,
  ]),
  ...API_OPERATIONS.flatMap((operation) =>
    errorExamplesOf(operation).map(([name, example]): [string, ErrorExample] => [
      `${operation.path} ${name}`,
      example,
    ]),
  ),
];

describe('every documented error is the answer the gateway gives', () => {
  it.each(allErrorExamples)('%s', async (_name, example) => {
    const response =
      example.code === 'service_unavailable' || example.code === 'internal_error'
        ? await faultAnswer(example.code)
        : await replay(example);
    expect(response.statusCode).toBe(statusOfCode(example.code));
    const { request_id, ...answer } = response.json();
    expect(typeof request_id).toBe('string');
    expect(answer).toEqual({
      code: example.code,
      message: example.message,
      ...(example.field ? { field: example.field } : {}),
    });
  });

  it.each(
    API_OPERATIONS.flatMap((operation) =>
      Object.entries(operation.examples).map(
        ([name, example]) => [`${operation.path} ${name}`, operation, example] as const,
      ),
    ),
  )('%s succeeds and its answer fits the schema', async (name, operation, example) => {
    const ajv = schemaValidator();
    const credentials = await merchantFor('success');
    const send = () =>
      app.inject({
        method: 'POST',
        url: operation.path,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(withCredentials(example.request, credentials)),
      });
    await successStateFor(name, credentials.merchantId);
    if (name === '/merchant/movements sent_again') expect((await send()).statusCode).toBe(200);
    const response = await send();
    expect(response.statusCode, response.body).toBe(200);
    const validate = ajv.compile(operation.responseSchema);
    expect(validate(response.json()), ajv.errorsText(validate.errors)).toBe(true);
    expect(Array.isArray(response.json())).toBe(Array.isArray(example.response));
    // Answers made of counts hold nothing drawn at random: the documented one is the answer, exactly.
    if (operation.path === '/merchant/movements') expect(response.json()).toEqual(example.response);
    if (example.request.payment_method === 'direct_transfer') {
      const hours = (Date.parse(response.json().expires_at) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(47);
    }
  });
});

describe('every documented endpoint', () => {
  it.each(API_OPERATIONS.map((operation) => operation.path))(
    '%s answers GET with a JSON 405 naming POST',
    async (path) => {
      const response = await app.inject({ method: 'GET', url: path });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('POST');
      expect(response.json()).toMatchObject({
        code: 'method_not_allowed',
        message: `GET is not allowed here; use POST ${path}`,
      });
    },
  );
});

describe('GET /docs', () => {
  let page: string;
  beforeAll(async () => {
    const response = await app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    page = response.body;
  });

  it('loads nothing from elsewhere and runs no script', async () => {
    expect(page).not.toMatch(/<script/i);
    const references = [...page.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1] ?? '');
    expect(references.filter((reference) => !/^(\/|#)/.test(reference))).toEqual([]);
    for (const asset of ['/assets/funnel.css', '/assets/docs.css', '/favicon.ico']) {
      expect(page).toContain(`href="${asset}"`);
      expect((await app.inject({ method: 'GET', url: asset })).statusCode).toBe(200);
    }
    const ids = new Set([...page.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]));
    for (const [, target] of page.matchAll(/href="#([^"]+)"/g))
      expect(ids.has(target), `#${target}`).toBe(true);
  });

  it('has no empty table cell', () => {
    expect(page).not.toMatch(/<td>\s*<\/td>/);
    expect(page).not.toMatch(/<th scope="row">\s*<\/th>/);
  });

  it('shows every endpoint with a curl example, the webhook, the JWT snippets, every error code and every test payer', () => {
    for (const operation of API_OPERATIONS) {
      expect(page).toContain(`<code>POST ${operation.path}</code>`);
      expect(page).toContain(escapeHtml(`curl -X POST ${services.config.PUENTE_API_URL}${operation.path}`));
    }
    for (const heading of ['Webhooks', 'JWT: claims and verification', 'Error codes', 'Sandbox'])
      expect(page).toContain(`>${heading}</h2>`);
    for (const header of ['Puente-Event-Id', 'Puente-Delivery-Id', 'Puente-Attempt'])
      expect(page).toContain(header);
    for (const snippet of VERIFY_SNIPPETS) expect(page).toContain(escapeHtml(snippet.code));
    for (const code of API_ERROR_CODES) {
      expect(page).toContain(`id="error-${code}"`);
      expect(page).toContain(escapeHtml(ERROR_CODE_DOCS[code].example.message));
    }
    for (const payer of TEST_PAYERS) expect(page).toContain(formatRut(payer.rut));
    expect(page).toContain(EXAMPLE_JWT);
  });
});
