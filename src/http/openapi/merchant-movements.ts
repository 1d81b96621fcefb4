import { ENDPOINT_ERROR_CODES } from './error-codes.ts';
import {
  CREDENTIAL_PROPERTIES,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_INITIATION_MARK,
  EXAMPLE_REFERENCE,
} from './example-values.ts';
import type { ApiOperation } from './types.ts';

/** The transfer that pays the example order: its comment carries the payment's reference. */
const payingTransfer = {
  id: 'MOV-20261201-0001',
  date: '2026-12-01',
  amount: 50000,
  description: `Pago ${EXAMPLE_REFERENCE.slice(0, 3)}-${EXAMPLE_REFERENCE.slice(3)}`,
  payer_rut: '11.111.111-1',
  payer_name: 'Ana Pérez',
  payer_bank: 'BancoEstado',
};

const oneMovement = { ...EXAMPLE_CREDENTIALS, movements: [payingTransfer] };

const refused = (movement: Record<string, unknown>) => ({
  method: 'POST' as const,
  path: '/merchant/movements',
  body: { ...EXAMPLE_CREDENTIALS, movements: [{ ...payingTransfer, ...movement }] },
});

const count = (description: string) => ({ type: 'integer', minimum: 0, description });

/** `POST /merchant/movements` (a Puente extension; docs/direct-transfer.md). */
export const merchantMovementsOperation: ApiOperation = {
  path: '/merchant/movements',
  summary: 'Send your collecting account’s movements',
  description:
    'A Puente extension for direct transfer (`payment_method: "direct_transfer"`): send the credits of your ' +
    'collecting account, as your bank’s statement shows them, and Puente confirms the payments they pay, ' +
    'with the usual notification. A movement whose comment carries a waiting payment’s reference, for the ' +
    'exact amount, pays it; one without a reference pays a waiting payment of the same amount and payer RUT ' +
    'when there is exactly one. Wrong amounts, late, duplicate and ambiguous transfers wait for an operator. ' +
    'Payments Puente itself sent to this account (bank login or open finance) arrive here too: their comment ' +
    'starts with Puente’s mark (`PTE` and 8 characters, e.g. `PTEK7MQ2XAB OC-700104`), and such a credit ' +
    'never pays a direct transfer; one without its comment that a waiting direct transfer and a recent ' +
    'Puente payment could both be (same amount, same payer RUT) waits for an operator. ' +
    'Any other credit is kept as an ordinary one. Each movement is taken once by its `id`: sending a ' +
    'statement again, whole or overlapping, changes nothing, so send every new movement as often as you ' +
    'like. Up to 1000 movements per request, within the body limit (64 KiB by default, a few hundred ' +
    'movements): send a longer statement in parts. The first movement that breaks a rule refuses the whole ' +
    'request and nothing is stored.',
  requestSchema: {
    type: 'object',
    required: ['merchant_code', 'merchant_api_token', 'movements'],
    properties: {
      ...CREDENTIAL_PROPERTIES,
      movements: {
        type: 'array',
        minItems: 1,
        maxItems: 1000,
        description: 'Credits of your collecting account, in any order.',
        items: {
          type: 'object',
          required: ['id', 'date', 'amount'],
          properties: {
            id: {
              type: 'string',
              minLength: 1,
              description:
                'The bank’s own id of the movement (up to 200 characters), the same every time you send it: it is what makes sending again safe.',
            },
            date: {
              type: 'string',
              description: 'The day it was credited: `YYYY-MM-DD` or `DD-MM-YYYY`.',
              example: '2026-12-01',
            },
            amount: {
              type: ['integer', 'string'],
              description:
                'Whole pesos credited, as `order_amount` takes them: `15000` or `"15000"`; `"15.000"` is refused.',
            },
            description: {
              type: ['string', 'null'],
              description: 'The transfer’s comment, where the payer writes the reference.',
            },
            payer_rut: {
              type: ['string', 'null'],
              description:
                'The payer’s RUT, when the statement shows it: used to match a transfer without reference.',
            },
            payer_name: { type: ['string', 'null'], description: 'The payer’s name, shown to the operator.' },
            payer_bank: { type: ['string', 'null'], description: 'The payer’s bank, shown to the operator.' },
          },
        },
      },
    },
  },
  responseDescription: 'How many movements were received, and how this request decided the new ones.',
  responseSchema: {
    type: 'object',
    required: ['received', 'new', 'matched', 'to_review', 'initiated', 'unmatched'],
    properties: {
      received: count('Movements in the request.'),
      new: count('Of those, the ones Puente had not received before (by `id`): only these are decided.'),
      matched: count('Movements that paid a payment now: each payment ends `success` and is notified.'),
      to_review: count(
        'Movements an operator must decide on (wrong amount, late, duplicate, ambiguous, possibly a Puente payment).',
      ),
      initiated: count(
        'Credits of payments Puente itself sent to this account (bank login, open finance): already notified when they succeeded; they pay no direct transfer.',
      ),
      unmatched: count('Credits that pay no payment: kept, not reviewed.'),
    },
  },
  examples: {
    pays: {
      summary: 'A transfer carrying a waiting payment’s reference, for its exact amount: the payment is paid',
      request: oneMovement,
      response: { received: 1, new: 1, matched: 1, to_review: 0, initiated: 0, unmatched: 0 },
    },
    sent_again: {
      summary: 'The same movement sent again: already received, nothing changes',
      request: oneMovement,
      response: { received: 1, new: 0, matched: 0, to_review: 0, initiated: 0, unmatched: 0 },
    },
    ordinary_credit: {
      summary: 'A credit with only the required fields that pays nothing: kept as an ordinary credit',
      request: {
        ...EXAMPLE_CREDENTIALS,
        movements: [{ id: 'MOV-20261201-0002', date: '01-12-2026', amount: '120000' }],
      },
      response: { received: 1, new: 1, matched: 0, to_review: 0, initiated: 0, unmatched: 1 },
    },
    puente_payment: {
      summary:
        'The credit of a payment Puente sent to this account (its comment starts with Puente’s mark): never a direct transfer',
      request: {
        ...EXAMPLE_CREDENTIALS,
        movements: [
          {
            id: 'MOV-20261201-0003',
            date: '2026-12-01',
            amount: 50000,
            description: `${EXAMPLE_INITIATION_MARK} OC-700104`,
            payer_rut: '11.111.111-1',
          },
        ],
      },
      response: { received: 1, new: 1, matched: 0, to_review: 0, initiated: 1, unmatched: 0 },
    },
  },
  errorExamples: {
    no_movements: {
      summary: 'An empty list',
      request: {
        method: 'POST',
        path: '/merchant/movements',
        body: { ...EXAMPLE_CREDENTIALS, movements: [] },
      },
      code: 'validation_error',
      message: 'movements: Too small: expected array to have >=1 items',
      field: 'movements',
    },
    amount_with_dots: {
      summary: 'An amount written with thousands dots',
      request: refused({ amount: '50.000' }),
      code: 'validation_error',
      message: 'movements.0.amount: must be a positive whole number of pesos',
      field: 'movements.0.amount',
    },
    bad_date: {
      summary: 'A date that does not exist',
      request: refused({ date: '2026-02-30' }),
      code: 'validation_error',
      message: 'movements.0.date: must be a date (YYYY-MM-DD or DD-MM-YYYY)',
      field: 'movements.0.date',
    },
    no_id: {
      summary: 'A movement without its id',
      request: refused({ id: '' }),
      code: 'validation_error',
      message: 'movements.0.id: is required',
      field: 'movements.0.id',
    },
    bad_payer_rut: {
      summary: 'A payer RUT whose check digit is wrong',
      request: refused({ payer_rut: '11.111.111-2' }),
      code: 'validation_error',
      message: 'movements.0.payer_rut: must be a valid RUT',
      field: 'movements.0.payer_rut',
    },
    wrong_token: {
      summary: 'A token that is not (or no longer) yours',
      request: {
        method: 'POST',
        path: '/merchant/movements',
        body: { ...oneMovement, merchant_api_token: 'not-the-token' },
      },
      code: 'invalid_credentials',
      message: 'merchant_code or merchant_api_token is not valid',
    },
    suspended: {
      summary: 'A suspended merchant',
      request: { method: 'POST', path: '/merchant/movements', body: oneMovement },
      code: 'merchant_inactive',
      message: 'this merchant account is suspended; contact the gateway operator',
    },
    too_fast: {
      summary: 'More requests per second than the merchant’s allowance',
      request: {
        method: 'POST',
        path: '/merchant/movements',
        body: oneMovement,
        note: 'sent more than PUENTE_API_RATE_LIMIT times in one second',
      },
      code: 'rate_limited',
      message: 'too many requests for this merchant; slow down and retry',
    },
  },
  errorCodes: ENDPOINT_ERROR_CODES,
};
