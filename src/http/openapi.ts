import { checkPaymentStatusOperation } from './openapi/check-payment-status.ts';
import { API_ERROR_CODES, type ApiErrorCode, ERROR_CODE_DOCS, statusOfCode } from './openapi/error-codes.ts';
import { merchantMovementsOperation } from './openapi/merchant-movements.ts';
import { sessionInitializeOperation } from './openapi/session-initialize.ts';
import type { ApiOperation, ErrorExample } from './openapi/types.ts';
import { paymentClaimsSchema, paymentWebhook, webhookBodySchema } from './openapi/webhook.ts';

/**
 * The merchant API, one entry per endpoint (each in its own file under `openapi/`). `/openapi.json` and
 * `/docs` are both made from this list; a new endpoint is one more entry.
 */
export const API_OPERATIONS: readonly ApiOperation[] = [
  sessionInitializeOperation,
  checkPaymentStatusOperation,
  merchantMovementsOperation,
];

const errorSchema = {
  type: 'object',
  required: ['code', 'message', 'request_id'],
  properties: {
    code: { type: 'string', enum: [...API_ERROR_CODES], description: 'Stable: decide on it.' },
    message: { type: 'string', description: 'For people: says exactly what was wrong.' },
    field: { type: 'string', description: 'The request field at fault, when there is one.' },
    request_id: {
      type: 'string',
      description: 'Also in the `X-Request-Id` header; give it to the operator.',
    },
  },
};

/** The body an error example answers (its `request_id` is an example too). */
export function errorBody(example: ErrorExample) {
  return {
    code: example.code,
    message: example.message,
    ...(example.field ? { field: example.field } : {}),
    request_id: '5b0c7c1e-2f4d-4e8a-9d61-0a3b7c9e1f24',
  };
}

/** An endpoint's error examples: its own, and the catalogue's for the codes it has no example of. */
export function errorExamplesOf(operation: ApiOperation): [string, ErrorExample][] {
  const own = Object.entries(operation.errorExamples);
  const covered = new Set(own.map(([, example]) => example.code));
  const fromCatalogue = operation.errorCodes
    .filter((code) => !covered.has(code))
    .map((code): [string, ErrorExample] => {
      const example = ERROR_CODE_DOCS[code].example;
      return [code, { ...example, request: { ...example.request, path: operation.path } }];
    });
  return [...own, ...fromCatalogue];
}

/** An endpoint's success examples as OpenAPI examples: their requests, or their answers. */
function successExamples(operation: ApiOperation, side: 'request' | 'response') {
  return Object.fromEntries(
    Object.entries(operation.examples).map(([name, example]) => [
      name,
      { summary: example.summary, value: example[side] },
    ]),
  );
}

function responsesOf(operation: ApiOperation) {
  const byStatus = new Map<number, [string, ErrorExample][]>();
  for (const entry of errorExamplesOf(operation)) {
    const status = statusOfCode(entry[1].code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), entry]);
  }
  const errors = [...byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, examples]) => {
      const codes = [...new Set(examples.map(([, example]) => example.code))] as ApiErrorCode[];
      return [
        String(status),
        {
          description: codes.map((code) => `\`${code}\`: ${ERROR_CODE_DOCS[code].meaning}`).join(' '),
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Error' },
              examples: Object.fromEntries(
                examples.map(([name, example]) => [
                  name,
                  { summary: example.summary, value: errorBody(example), 'x-request': example.request },
                ]),
              ),
            },
          },
        },
      ] as const;
    });
  return {
    '200': {
      description: operation.responseDescription,
      content: {
        'application/json': {
          schema: operation.responseSchema,
          examples: successExamples(operation, 'response'),
        },
      },
    },
    ...Object.fromEntries(errors),
  };
}

export function openApiDocument(apiUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Puente merchant API',
      version: '1',
      description:
        'Pay-by-bank-transfer sessions for Chile, compatible with the ETpay Person Payment merchant protocol. ' +
        'Every request is a POST with a JSON body, read as JSON whatever the Content-Type header says. ' +
        'Credentials travel in the body. Every error is JSON with `code`, `message` and `request_id`. ' +
        'Results arrive as HS256 JWTs signed with the session’s `signature_token`: in the browser redirect and, ' +
        'authoritatively, in a webhook (`webhooks`).',
    },
    servers: [{ url: apiUrl }],
    paths: Object.fromEntries(
      API_OPERATIONS.map((operation) => [
        operation.path,
        {
          post: {
            operationId: operation.path.split('/').filter(Boolean).join('_'),
            summary: operation.summary,
            description: operation.description,
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: operation.requestSchema,
                  examples: successExamples(operation, 'request'),
                },
              },
            },
            responses: responsesOf(operation),
          },
        },
      ]),
    ),
    webhooks: { payment: paymentWebhook },
    components: {
      schemas: { Error: errorSchema, PaymentClaims: paymentClaimsSchema, WebhookBody: webhookBodySchema },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
