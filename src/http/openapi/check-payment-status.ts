import { PAYMENT_STATUSES, PAYMENT_STEPS } from '../../domain/payment.ts';
import { ENDPOINT_ERROR_CODES } from './error-codes.ts';
import {
  EXAMPLE_CREDENTIALS,
  EXAMPLE_ORDER_ID,
  EXAMPLE_PAYMENT_TOKEN,
  EXAMPLE_SESSION_TOKEN,
} from './example-values.ts';
import type { ApiOperation } from './types.ts';

const paymentStatus = {
  type: 'object',
  required: [
    'session_token',
    'payment_token',
    'merchant_order_id',
    'order_amount',
    'payment_status',
    'payment_step',
    'user_bank_code',
    'created_at',
    'updated_at',
    'expires_at',
  ],
  properties: {
    session_token: { type: 'string', description: 'The session’s `token`.' },
    payment_token: {
      type: ['string', 'null'],
      description: 'Assigned when the payer starts with a bank; null before.',
    },
    merchant_order_id: { type: 'string', description: 'Your order id, byte for byte.' },
    order_amount: { type: 'integer', description: 'Whole pesos.' },
    payment_status: {
      type: 'string',
      enum: [...PAYMENT_STATUSES],
      description: '`pending` until the payment ends; the other four are final.',
    },
    payment_step: {
      type: 'string',
      enum: [...PAYMENT_STEPS],
      description:
        'How far the payer got. `awaiting_transfer`: a direct transfer, waiting for the movement in your statement.',
    },
    user_bank_code: { type: ['string', 'null'], description: 'The bank chosen, once chosen.' },
    created_at: { type: 'string', format: 'date-time', description: 'When the session was created.' },
    updated_at: { type: 'string', format: 'date-time', description: 'Its last change.' },
    expires_at: { type: 'string', format: 'date-time', description: 'When it expires if not finished.' },
  },
};

const byOrder = {
  merchant_api_token: EXAMPLE_CREDENTIALS.merchant_api_token,
  merchant_order_id: EXAMPLE_ORDER_ID,
};

/** `POST /merchant/check_payment_status` (DESIGN §2.2). */
export const checkPaymentStatusOperation: ApiOperation = {
  path: '/merchant/check_payment_status',
  summary: 'Check payment status',
  description:
    'Returns your sessions matching every criterion given, newest first, as an array (empty when none). ' +
    'Give at least one of `payment_token`, `merchant_order_id`, `session_token` (empty ones are ignored). ' +
    'You never see another merchant’s sessions. Use it when a notification is late or in doubt.',
  requestSchema: {
    type: 'object',
    required: ['merchant_api_token'],
    properties: {
      merchant_api_token: { type: 'string', description: 'Your secret API token; it alone identifies you.' },
      merchant_code: { type: ['string', 'null'], description: 'Optional; must match the token when given.' },
      payment_token: { type: ['string', 'null'], description: 'A payment token from a notification.' },
      merchant_order_id: { type: ['string', 'null'], description: 'Your order id: every session of it.' },
      session_token: { type: ['string', 'null'], description: 'The `token` of `/session/initialize`.' },
    },
  },
  responseDescription: 'Your matching sessions, newest first.',
  responseSchema: { type: 'array', items: paymentStatus },
  examples: {
    by_order: {
      summary: 'Every session of an order',
      request: byOrder,
      response: [
        {
          session_token: EXAMPLE_SESSION_TOKEN,
          payment_token: EXAMPLE_PAYMENT_TOKEN,
          merchant_order_id: EXAMPLE_ORDER_ID,
          order_amount: 50000,
          payment_status: 'success',
          payment_step: 'transfer_confirmed',
          user_bank_code: 'cl_test',
          created_at: '2026-12-01T21:20:05.000Z',
          updated_at: '2026-12-01T21:21:40.000Z',
          expires_at: '2026-12-01T21:50:05.000Z',
        },
      ],
    },
    none: {
      summary: 'A session token that is not yours (or does not exist): an empty array',
      request: { ...EXAMPLE_CREDENTIALS, session_token: 'NoSuchSession0000000000000000000' },
      response: [],
    },
  },
  errorExamples: {
    no_criterion: {
      summary: 'No search criterion',
      request: {
        method: 'POST',
        path: '/merchant/check_payment_status',
        body: { ...EXAMPLE_CREDENTIALS, merchant_order_id: '' },
      },
      code: 'validation_error',
      message: 'payment_token: give at least one of payment_token, merchant_order_id or session_token',
      field: 'payment_token',
    },
    wrong_token: {
      summary: 'A wrong token, sent alone',
      request: {
        method: 'POST',
        path: '/merchant/check_payment_status',
        body: { ...byOrder, merchant_api_token: 'not-the-token' },
      },
      code: 'invalid_credentials',
      message: 'merchant_api_token is not valid',
    },
    missing_token: {
      summary: 'No token',
      request: {
        method: 'POST',
        path: '/merchant/check_payment_status',
        body: { merchant_order_id: EXAMPLE_ORDER_ID },
      },
      code: 'validation_error',
      message: 'merchant_api_token: is required',
      field: 'merchant_api_token',
    },
  },
  errorCodes: ENDPOINT_ERROR_CODES,
};
