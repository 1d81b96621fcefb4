/** The merchant API, described for humans (`/docs`) and machines (`/openapi.json`). */
const error = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', example: 'validation_error' },
    message: {
      type: 'string',
      example: `order_amount: must be a whole number of pesos from 1 to ${Number.MAX_SAFE_INTEGER}`,
    },
    field: { type: 'string', example: 'order_amount' },
    request_id: { type: 'string' },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const paymentStatus = {
  type: 'object',
  properties: {
    session_token: { type: 'string' },
    payment_token: { type: ['string', 'null'], description: 'assigned when the payer starts with a bank' },
    merchant_order_id: { type: 'string' },
    order_amount: { type: 'integer', description: 'whole pesos' },
    payment_status: { type: 'string', enum: ['pending', 'success', 'error', 'cancelled', 'expired'] },
    payment_step: { type: 'string', example: 'bank_selected' },
    user_bank_code: { type: ['string', 'null'] },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    expires_at: { type: 'string', format: 'date-time' },
  },
};

const bankCodes = [
  'cl_estado',
  'cl_santander',
  'cl_bch',
  'cl_bci',
  'cl_itau',
  'cl_scotiabank',
  'cl_falabella',
  'cl_test',
];

export function openApiDocument(apiUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Puente merchant API',
      version: '1',
      description:
        'Pay-by-bank-transfer sessions for Chile, compatible with the ETpay Person Payment merchant protocol. ' +
        'Every request is a POST with a JSON body, read as JSON whatever the Content-Type header says. ' +
        'Credentials travel in the body. Every error is JSON with `code` and `message`.',
    },
    servers: [{ url: apiUrl }],
    components: { schemas: { Error: error, PaymentStatus: paymentStatus } },
    paths: {
      '/session/initialize': {
        post: {
          summary: 'Create a payment session',
          description:
            'Opens a payment session for an order and returns the URL to send the payer to. By default each ' +
            'session is its own payment and an order id may be paid several times; for a merchant with one ' +
            'payment per order, a new session for a paid order is refused with 409. Optional fields sent as ' +
            'null, "" or only spaces are read as absent.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['merchant_code', 'merchant_api_token', 'merchant_order_id', 'order_amount'],
                  properties: {
                    merchant_code: { type: 'string', description: 'Your public merchant code.' },
                    merchant_api_token: { type: 'string', description: 'Your secret API token.' },
                    merchant_order_id: {
                      type: 'string',
                      minLength: 1,
                      maxLength: 64,
                      description:
                        'Any printable Unicode, 1 to 64 characters; control characters are refused. Kept and ' +
                        'echoed byte for byte.',
                      example: '7-3-2026-12-01 21:20:05.123456',
                    },
                    order_amount: {
                      type: ['integer', 'string'],
                      description:
                        'Whole pesos, 1 up to your limit. `50000`, `50000.0` and `"50000"` are accepted.',
                      example: 50000,
                    },
                    customer_email: { type: 'string', format: 'email' },
                    user_bank_code: {
                      type: 'string',
                      enum: bankCodes,
                      description:
                        'Case-insensitive. Skips the bank choice. `cl_test` only for sandbox merchants.',
                    },
                    user_rut: {
                      type: 'string',
                      description:
                        'Payer RUT, prefilled at the bank login. `12.345.678-5`, `12345678-5` or `123456785`.',
                    },
                    is_rut_block: { type: ['boolean', 'string'], description: 'Locks the prefilled RUT.' },
                    metadata: {
                      type: 'array',
                      maxItems: 20,
                      items: {
                        type: 'object',
                        required: ['name', 'value'],
                        properties: {
                          name: { type: 'string', maxLength: 64 },
                          value: { type: 'string', maxLength: 500 },
                          show: { type: 'boolean', description: 'Shown to the payer when true.' },
                        },
                      },
                    },
                    payment_completed_url: {
                      type: 'string',
                      format: 'uri',
                      description: 'Overrides your default.',
                    },
                    payment_cancellation_url: {
                      type: 'string',
                      format: 'uri',
                      description: 'Overrides your default.',
                    },
                    payment_webhook_url: {
                      type: 'string',
                      format: 'uri',
                      description: 'Overrides your default.',
                    },
                    concat: {
                      type: 'string',
                      maxLength: 1,
                      default: '&',
                      description:
                        'Character used to append `jwt=` to a redirect URL that already has a query.',
                    },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'The session',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      token: { type: 'string', description: 'Session token, 64 characters of [A-Za-z0-9].' },
                      signature_token: {
                        type: 'string',
                        description:
                          "HMAC key of this session's JWT notifications (HS256). Keep it server-side.",
                      },
                      expires_at: { type: 'string', format: 'date-time' },
                      payment_url: { type: 'string', format: 'uri', description: 'Send the payer here.' },
                    },
                  },
                },
              },
            },
            '400': errorResponse('A field is missing or invalid; `field` names it.'),
            '401': errorResponse('The credentials are not valid.'),
            '403': errorResponse('The merchant account is suspended.'),
            '409': errorResponse('The order has already been paid (merchants with one payment per order).'),
            '413': errorResponse('The body is too large.'),
            '429': errorResponse('Too many requests.'),
          },
        },
      },
      '/merchant/check_payment_status': {
        post: {
          summary: 'Check payment status',
          description:
            "Returns your sessions matching every criterion given, newest first, as an array (empty when none). You never see another merchant's sessions.",
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['merchant_api_token'],
                  properties: {
                    merchant_api_token: { type: 'string', description: 'Identifies you on its own.' },
                    merchant_code: {
                      type: 'string',
                      description: 'Optional; must match the token when given.',
                    },
                    payment_token: { type: 'string' },
                    merchant_order_id: { type: 'string' },
                    session_token: { type: 'string' },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'Matching sessions',
              content: {
                'application/json': {
                  schema: { type: 'array', items: { $ref: '#/components/schemas/PaymentStatus' } },
                },
              },
            },
            '400': errorResponse('No criterion was given, or one is invalid.'),
            '401': errorResponse('The credentials are not valid.'),
          },
        },
      },
    },
  };
}
