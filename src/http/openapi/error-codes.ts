import { ERROR_CODES, type ErrorCode } from '../../domain/errors.ts';
import { COLLECTING_ACCOUNT_MISSING } from '../../use-cases/create-payment-session.ts';
import { INTERNAL_ERROR, SERVICE_UNAVAILABLE, STATUS_BY_CODE } from '../errors.ts';
import { EXAMPLE_CREDENTIALS, EXAMPLE_ORDER_ID } from './example-values.ts';
import type { ErrorExample } from './types.ts';

/** Every `code` an API error can carry: the domain's codes (`ERROR_CODES`) and the 500 of a fault of ours. */
export type ApiErrorCode = ErrorCode | typeof INTERNAL_ERROR.code;
export const API_ERROR_CODES: readonly ApiErrorCode[] = [...ERROR_CODES, INTERNAL_ERROR.code];

/** The codes any merchant API endpoint can answer (an endpoint lists these and its own). */
export const ENDPOINT_ERROR_CODES: readonly ApiErrorCode[] = [
  'invalid_body',
  'validation_error',
  'invalid_credentials',
  'merchant_inactive',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'service_unavailable',
  'internal_error',
];

export function statusOfCode(code: ApiErrorCode): number {
  return code === INTERNAL_ERROR.code ? 500 : STATUS_BY_CODE[code];
}

export interface ErrorCodeDoc {
  meaning: string;
  /** What the client should do about it. */
  action: string;
  example: ErrorExample;
}

const order = { ...EXAMPLE_CREDENTIALS, merchant_order_id: EXAMPLE_ORDER_ID, order_amount: 50000 };

/**
 * The error catalogue of `/docs` and `/openapi.json`: one entry per code, exhaustive by type, so a new code
 * cannot ship undocumented. Each example is a real request and the exact answer (checked by the tests).
 */
export const ERROR_CODE_DOCS: Record<ApiErrorCode, ErrorCodeDoc> = {
  invalid_body: {
    meaning: 'The body is empty, is not JSON, or is JSON but not an object.',
    action: 'Send one JSON object. The message says where the JSON stops making sense.',
    example: {
      summary: 'A JSON array instead of an object',
      request: { method: 'POST', path: '/session/initialize', body: [order] },
      code: 'invalid_body',
      message: 'the request body is an array; it must be a JSON object',
    },
  },
  validation_error: {
    meaning: 'A field is missing or breaks its rule; `field` names it and the message gives the rule.',
    action: 'Fix the named field. Only the first bad field is reported.',
    example: {
      summary: 'order_amount is missing',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: { ...EXAMPLE_CREDENTIALS, merchant_order_id: EXAMPLE_ORDER_ID },
      },
      code: 'validation_error',
      message: 'order_amount: is required',
      field: 'order_amount',
    },
  },
  invalid_credentials: {
    meaning:
      'No merchant has this `merchant_api_token`, or it belongs to another `merchant_code`. The message never says which half was wrong.',
    action:
      'Check both values (the back-office shows the code; a rotated token replaces the old one). Repeated failures from one address are answered 429.',
    example: {
      summary: 'A token that is not (or no longer) yours',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: { ...order, merchant_api_token: 'not-the-token' },
      },
      code: 'invalid_credentials',
      message: 'merchant_code or merchant_api_token is not valid',
    },
  },
  merchant_inactive: {
    meaning: 'The credentials are right but the operator has suspended this merchant account.',
    action: 'Contact the gateway operator.',
    example: {
      summary: 'A suspended merchant',
      request: { method: 'POST', path: '/session/initialize', body: order },
      code: 'merchant_inactive',
      message: 'this merchant account is suspended; contact the gateway operator',
    },
  },
  collecting_account_missing: {
    meaning:
      'A production merchant without a collecting account: every payment lands in that account (bank login, open finance and direct transfer alike), so none can be taken until it is registered. Sandbox merchants are paid into a sandbox placeholder meanwhile.',
    action:
      'Ask the gateway operator to register your collecting account (bank, account type and number, holder and RUT); then retry.',
    example: {
      summary: 'A production merchant whose collecting account is not registered yet',
      request: { method: 'POST', path: '/session/initialize', body: order },
      code: 'collecting_account_missing',
      message: COLLECTING_ACCOUNT_MISSING,
    },
  },
  order_already_paid: {
    meaning:
      'Only for merchants with one payment per order: this `merchant_order_id` already has a successful payment.',
    action:
      'Do not charge again; look the payment up with `POST /merchant/check_payment_status`. (By default an order id may be paid several times.)',
    example: {
      summary: 'A second session for an order already paid',
      request: { method: 'POST', path: '/session/initialize', body: order },
      code: 'order_already_paid',
      message: `order ${EXAMPLE_ORDER_ID} has already been paid`,
    },
  },
  payload_too_large: {
    meaning: 'The body is over the deployment’s limit (`PUENTE_MAX_BODY_BYTES`, 64 KiB by default).',
    action: 'Send less: metadata holds at most 20 short items.',
    example: {
      summary: 'A body of 70,000 bytes',
      request: { method: 'POST', path: '/session/initialize', note: 'a JSON body of 70,000 bytes' },
      code: 'payload_too_large',
      message: 'the request body is larger than the 65536 bytes allowed',
    },
  },
  rate_limited: {
    meaning:
      'Too many requests for this merchant (`PUENTE_API_RATE_LIMIT` per second, bursts up to twice), or too many failed authentications from this address (`PUENTE_API_AUTH_FAILURES_PER_MINUTE`).',
    action: 'Slow down and retry after a second; after failed authentications, fix the credentials first.',
    example: {
      summary: 'More requests per second than the merchant’s allowance',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: order,
        note: 'sent more than PUENTE_API_RATE_LIMIT times in one second',
      },
      code: 'rate_limited',
      message: 'too many requests for this merchant; slow down and retry',
    },
  },
  not_found: {
    meaning: 'No endpoint has this path.',
    action: 'Check the path against this page (every endpoint of the API is a POST).',
    example: {
      summary: 'A mistyped path',
      request: { method: 'POST', path: '/merchant/check_status', body: {} },
      code: 'not_found',
      message: "POST /merchant/check_status does not exist; the merchant API's endpoints are listed at /docs",
    },
  },
  method_not_allowed: {
    meaning: 'An API path was asked with another method than POST (a browser visit is a GET). `Allow: POST`.',
    action: 'Send a POST with a JSON body.',
    example: {
      summary: 'Opening the API in a browser',
      request: { method: 'GET', path: '/session/initialize' },
      code: 'method_not_allowed',
      message: 'GET is not allowed here; use POST /session/initialize',
    },
  },
  unsupported_media_type: {
    meaning:
      'The Content-Type header is not a media type at all (for example `;`). Any well-formed Content-Type, or none, is fine: the body is read as JSON regardless.',
    action: 'Send `Content-Type: application/json`, or no Content-Type.',
    example: {
      summary: 'A broken Content-Type header',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: order,
        note: 'with the header "Content-Type: ;"',
      },
      code: 'unsupported_media_type',
      message: 'the Content-Type header ";" is not a media type; send application/json',
    },
  },
  service_unavailable: {
    meaning:
      'The database is briefly unreachable or overloaded. Nothing was done. Sent with `Retry-After: 5`.',
    action: 'Retry after the seconds in `Retry-After`; the same request is safe to send again.',
    example: {
      summary: 'The database is away',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: order,
        note: 'while the database is away',
      },
      ...SERVICE_UNAVAILABLE,
    },
  },
  internal_error: {
    meaning:
      'A fault on our side. The message reveals nothing; the operator finds the details by `request_id`.',
    action:
      'Retry later; if it persists, give the operator the `request_id` (also in the `X-Request-Id` header).',
    example: {
      summary: 'A bug in the gateway',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: order,
        note: 'when the gateway has a bug',
      },
      ...INTERNAL_ERROR,
    },
  },
};
