import { BANKS } from '../../domain/banks.ts';
import { ENDPOINT_ERROR_CODES } from './error-codes.ts';
import {
  CREDENTIAL_PROPERTIES,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_ORDER_ID,
  EXAMPLE_SESSION_TOKEN,
  EXAMPLE_SIGNATURE_TOKEN,
} from './example-values.ts';
import type { ApiOperation } from './types.ts';

const overrides = (what: string) => ({
  type: 'string',
  format: 'uri',
  description: `Absolute http(s) URL (https for production merchants); overrides your default ${what}.`,
});

const minimal = {
  ...EXAMPLE_CREDENTIALS,
  merchant_order_id: EXAMPLE_ORDER_ID,
  order_amount: 50000,
};

/** `POST /session/initialize` (DESIGN §2.1). */
export const sessionInitializeOperation: ApiOperation = {
  path: '/session/initialize',
  summary: 'Create a payment session',
  description:
    'Opens a payment session for an order and returns the URL to send the payer to. Keep `signature_token` ' +
    'with the order on your server: it is the key that verifies this session’s notifications. By default each ' +
    'session is its own payment and an order id may be paid several times; for a merchant with one payment ' +
    'per order, a new session for a paid order is refused with 409. Optional fields sent as null, "" or only ' +
    'spaces are read as absent; unknown fields are ignored.',
  requestSchema: {
    type: 'object',
    required: ['merchant_code', 'merchant_api_token', 'merchant_order_id', 'order_amount'],
    properties: {
      ...CREDENTIAL_PROPERTIES,
      merchant_order_id: {
        type: 'string',
        minLength: 1,
        maxLength: 64,
        description:
          'Any printable Unicode, 1 to 64 characters; control characters are refused. Kept and echoed byte for byte.',
        example: '7-3-2026-12-01 21:20:05.123456',
      },
      order_amount: {
        type: ['integer', 'string'],
        description:
          'Whole pesos, 1 up to your limit. `50000`, `50000.0` and `"50000"` are accepted; `10.5`, `0` and `"50.000"` are refused.',
        example: 50000,
      },
      customer_email: { type: ['string', 'null'], format: 'email', description: 'The payer’s e-mail.' },
      user_bank_code: {
        type: ['string', 'null'],
        enum: [...BANKS.map((bank) => bank.code), null],
        description: 'Case-insensitive. Skips the bank choice. `cl_test` only for sandbox merchants.',
      },
      user_rut: {
        type: ['string', 'null'],
        description: 'Payer RUT, prefilled at the bank login: `12.345.678-5`, `12345678-5` or `123456785`.',
      },
      is_rut_block: {
        type: ['boolean', 'string', 'null'],
        description: 'Locks the prefilled RUT. `true`/`false` or `"true"`/`"false"`/`"1"`/`"0"`.',
      },
      metadata: {
        type: ['array', 'null'],
        maxItems: 20,
        description: 'Up to 20 items; those with `show: true` are shown to the payer.',
        items: {
          type: 'object',
          required: ['name', 'value'],
          properties: {
            name: { type: 'string', maxLength: 64, description: 'A label, 1 to 64 characters.' },
            value: {
              type: ['string', 'number', 'boolean'],
              maxLength: 500,
              description: 'Its value: text of up to 500 characters, a number or a boolean.',
            },
            show: { type: 'boolean', description: 'Shown to the payer when true.' },
          },
        },
      },
      payment_completed_url: overrides('success URL'),
      payment_cancellation_url: overrides('cancellation URL (cancel and error)'),
      payment_webhook_url: overrides('webhook URL'),
      concat: {
        type: 'string',
        maxLength: 1,
        default: '&',
        description: 'The character used to append `jwt=` to a redirect URL that already has a query.',
      },
      payment_method: {
        type: ['string', 'null'],
        enum: ['direct_transfer', null],
        description:
          'A Puente extension. `direct_transfer` skips the bank choice: the payer is shown your collecting ' +
          'account, the exact amount and a reference to write in the transfer’s comment, and transfers from ' +
          'their own bank; you then send the movements of your account (`POST /merchant/movements`). Only for ' +
          'a merchant whose collecting account is enabled. Absent: the payer chooses.',
      },
    },
  },
  responseDescription: 'The session.',
  responseSchema: {
    type: 'object',
    required: ['token', 'signature_token', 'expires_at', 'payment_url'],
    properties: {
      token: { type: 'string', pattern: '^[A-Za-z0-9]{64}$', description: 'The session token.' },
      signature_token: {
        type: 'string',
        pattern: '^[A-Za-z0-9]{64}$',
        description: 'HMAC key (HS256) of this session’s notifications. Keep it server-side, with the order.',
      },
      expires_at: {
        type: 'string',
        format: 'date-time',
        description:
          'When the session expires (30 minutes by default). With `payment_method: "direct_transfer"`, the end ' +
          'of your collecting account’s window (48 hours by default).',
      },
      payment_url: { type: 'string', format: 'uri', description: 'Send the payer here.' },
    },
  },
  examples: {
    minimal: {
      summary: 'The four required fields',
      request: minimal,
      response: {
        token: EXAMPLE_SESSION_TOKEN,
        signature_token: EXAMPLE_SIGNATURE_TOKEN,
        expires_at: '2026-12-01T21:50:05.000Z',
        payment_url: `https://pay.puente.example/session/${EXAMPLE_SESSION_TOKEN}`,
      },
    },
    full: {
      summary: 'A chosen bank, a locked RUT, metadata shown to the payer and this order’s own URLs',
      request: {
        ...minimal,
        order_amount: '50000',
        customer_email: 'ana.perez@example.cl',
        user_bank_code: 'cl_test',
        user_rut: '11.111.111-1',
        is_rut_block: true,
        metadata: [
          { name: 'Producto', value: 'Tetera de Pomaire', show: true },
          { name: 'sku', value: 'TP-01', show: false },
        ],
        payment_completed_url: 'https://shop.example/pago/ok?orden=OC-700104',
        payment_cancellation_url: 'https://shop.example/pago/cancelado',
        payment_webhook_url: 'https://shop.example/webhooks/puente',
        concat: '&',
      },
      response: {
        token: EXAMPLE_SESSION_TOKEN,
        signature_token: EXAMPLE_SIGNATURE_TOKEN,
        expires_at: '2026-12-01T21:50:05.000Z',
        payment_url: `https://pay.puente.example/session/${EXAMPLE_SESSION_TOKEN}`,
      },
    },
    direct_transfer: {
      summary: 'Direct transfer: the payer transfers from their own bank to your collecting account',
      request: { ...minimal, payment_method: 'direct_transfer' },
      response: {
        token: EXAMPLE_SESSION_TOKEN,
        signature_token: EXAMPLE_SIGNATURE_TOKEN,
        expires_at: '2026-12-03T21:20:05.000Z',
        payment_url: `https://pay.puente.example/session/${EXAMPLE_SESSION_TOKEN}`,
      },
    },
  },
  errorExamples: {
    amount_not_whole: {
      summary: 'An amount with decimals',
      request: { method: 'POST', path: '/session/initialize', body: { ...minimal, order_amount: '10.5' } },
      code: 'validation_error',
      message: 'order_amount: must be a whole number of pesos from 1 to 9007199254740991',
      field: 'order_amount',
    },
    amount_over_limit: {
      summary: 'An amount over this merchant’s limit',
      request: { method: 'POST', path: '/session/initialize', body: { ...minimal, order_amount: 9000000 } },
      code: 'validation_error',
      message: 'order_amount: must be at most $5.000.000 for this merchant',
      field: 'order_amount',
    },
    bad_rut: {
      summary: 'A RUT whose check digit is wrong',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: { ...minimal, user_rut: '12.345.678-9' },
      },
      code: 'validation_error',
      message: 'user_rut: must be a Chilean RUT with a valid check digit, e.g. 12.345.678-5',
      field: 'user_rut',
    },
    unknown_bank: {
      summary: 'A bank code that does not exist',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: { ...minimal, user_bank_code: 'cl_bancox' },
      },
      code: 'validation_error',
      message:
        'user_bank_code: must be one of cl_estado, cl_santander, cl_bch, cl_bci, cl_itau, cl_scotiabank, cl_falabella, cl_test',
      field: 'user_bank_code',
    },
    bad_webhook_url: {
      summary: 'A webhook URL that is not http(s)',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: { ...minimal, payment_webhook_url: 'ftp://shop.example/hook' },
      },
      code: 'validation_error',
      message: 'payment_webhook_url: must be an absolute http:// or https:// URL',
      field: 'payment_webhook_url',
    },
    unknown_payment_method: {
      summary: 'A payment method that does not exist',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: { ...minimal, payment_method: 'card' },
      },
      code: 'validation_error',
      message: 'payment_method: must be "direct_transfer" (or absent: the payer chooses)',
      field: 'payment_method',
    },
    direct_transfer_not_enabled: {
      summary: 'Direct transfer for a merchant without an enabled collecting account',
      request: {
        method: 'POST',
        path: '/session/initialize',
        body: { ...minimal, payment_method: 'direct_transfer' },
      },
      code: 'validation_error',
      message: 'payment_method: direct_transfer is not enabled for this merchant',
      field: 'payment_method',
    },
  },
  errorCodes: [...ENDPOINT_ERROR_CODES, 'collecting_account_missing', 'order_already_paid'],
};
