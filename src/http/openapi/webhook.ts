import { BANKS } from '../../domain/banks.ts';
import { PAYMENT_STATUSES, PAYMENT_STEPS } from '../../domain/payment.ts';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from '../../domain/webhooks/retry-schedule.ts';
import { EXAMPLE_CLAIMS, EXAMPLE_JWT } from './example-values.ts';

/**
 * The claims of every notification JWT (DESIGN §5): the webhook's `payment`, the redirect's `jwt=` and the
 * widget's message carry the same token. HS256, signed with the session's `signature_token`.
 */
export const paymentClaimsSchema = {
  type: 'object',
  required: [
    'session_token',
    'payment_token',
    'merchant_order_id',
    'merchant_code',
    'order_amount',
    'payment_status',
    'payment_step',
    'user_bank_code',
    'user_rut',
    'iat',
    'jti',
  ],
  properties: {
    session_token: {
      type: 'string',
      description: 'The session’s `token`: find the session’s `signature_token` by it, then verify.',
    },
    payment_token: {
      type: ['string', 'null'],
      description:
        'Names this payment attempt; null only when the payer cancelled before choosing a bank (redirect only, no webhook).',
    },
    merchant_order_id: { type: 'string', description: 'Your order id, byte for byte.' },
    merchant_code: { type: 'string', description: 'Your merchant code: check it is yours.' },
    order_amount: { type: 'integer', description: 'Whole pesos: check it is the order’s amount.' },
    payment_status: {
      type: 'string',
      enum: [...PAYMENT_STATUSES],
      description: 'Only `success` means the money moved. A webhook carries a final status.',
    },
    payment_step: { type: 'string', enum: [...PAYMENT_STEPS], description: 'How far the payer got.' },
    user_bank_code: {
      type: ['string', 'null'],
      enum: [...BANKS.map((bank) => bank.code), null],
      description: 'The payer’s bank.',
    },
    user_rut: { type: ['string', 'null'], description: 'The payer’s RUT as `12345678-5`, when known.' },
    iat: { type: 'integer', description: 'When the event was signed (seconds since 1970).' },
    jti: {
      type: 'string',
      description: 'The event’s unique id: the same on every retry and resend. Process each `jti` once.',
    },
  },
  examples: [EXAMPLE_CLAIMS],
};

export const webhookBodySchema = {
  type: 'object',
  required: ['payment'],
  properties: {
    payment: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
      description: 'The notification JWT (HS256): verify it, then read its claims (`PaymentClaims`).',
    },
  },
};

/** A wait as people write it: `at once`, `5 s`, `30 min`, `2 h`. */
export function humanWait(ms: number): string {
  if (ms === 0) return 'at once';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size} ${unit}`;
  }
  return `${ms} ms`;
}

/** The default waits before each attempt. */
export const DEFAULT_RETRY_WAITS = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);
const totalHours = Math.round(DEFAULT_RETRY_WAITS.reduce((sum, wait) => sum + wait, 0) / 3_600_000);

const header = (name: string, description: string, schema: object, example: unknown) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema,
  example,
});

/** The webhook Puente sends (DESIGN §5), as an OpenAPI 3.1 `webhooks` entry. */
export const paymentWebhook = {
  post: {
    summary: 'A payment ended',
    description:
      'Sent to the session’s `payment_webhook_url` (or your default webhook URL) when a payment in which the ' +
      'payer chose a bank reaches a final status: `success`, `error`, `cancelled` or `expired`. It is the ' +
      'authoritative notification. Any 2xx answer within 15 s is delivery. Anything else (another status, a ' +
      `timeout, a refused connection, a 3xx: redirects are not followed) is retried. By default the waits before ` +
      `the ${DEFAULT_RETRY_WAITS.length} attempts are ${DEFAULT_RETRY_WAITS.map(humanWait).join(', ')} (about ${totalHours} h in all; ` +
      '`PUENTE_WEBHOOK_RETRY_SCHEDULE` changes them), each moved at random by ±10 %. `410 Gone` stops the retries at once. `Retry-After` (seconds ' +
      'or an HTTP date) on a non-2xx answer is honoured, up to 24 h. After the last attempt the delivery is ' +
      'failed and the operator can resend it. Every retry and resend carries the same JWT bytes and `jti`: ' +
      'delivery is at least once, so process each `jti` once and answer 2xx to repeats.',
    parameters: [
      header(
        'User-Agent',
        'Always this value.',
        { type: 'string', const: 'Puente-Webhooks/1.0' },
        'Puente-Webhooks/1.0',
      ),
      header('Puente-Event-Id', 'The JWT’s `jti`.', { type: 'string' }, EXAMPLE_CLAIMS.jti),
      header('Puente-Delivery-Id', 'The delivery, as the operator sees it.', { type: 'string' }, '42'),
      header(
        'Puente-Attempt',
        '1 on the first attempt; counts on across retries and resends.',
        { type: 'string', pattern: '^[1-9][0-9]*$' },
        '1',
      ),
    ],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/WebhookBody' },
          examples: {
            success: {
              summary: 'A successful payment',
              description:
                'Signed with the example signature_token `Sg5Hn1Kp8Wq3…` shown on /docs: verify it with your code.',
              value: { payment: EXAMPLE_JWT },
            },
          },
        },
      },
    },
    responses: {
      '200': { description: 'Any 2xx within 15 s: delivered, no more attempts.' },
      '410': { description: 'Gone: the delivery stops at once (failed, reason `gone`).' },
      default: {
        description:
          'Anything else, a timeout or no answer: retried on the schedule, honouring `Retry-After`.',
      },
    },
  },
};
