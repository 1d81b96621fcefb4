import { z } from 'zod';

/**
 * The bank simulator's answers, as this adapter understands them. Every answer is checked against these
 * schemas; anything else is an answer the adapter cannot classify.
 */
export const loginAnswer = z.discriminatedUnion('result', [
  z.object({
    result: z.literal('authenticated'),
    session_id: z.string().min(1),
    holder_name: z.string(),
    second_factor: z.discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('app') }),
      z.object({ type: z.literal('otp'), length: z.number().int().positive() }),
      z.object({ type: z.literal('coordinates'), positions: z.array(z.string()).min(1) }),
    ]),
  }),
  z.object({ result: z.literal('invalid_credentials') }),
  z.object({ result: z.literal('user_blocked') }),
]);

export const secondFactorAnswer = z.object({
  result: z.enum(['approved', 'waiting', 'wrong_answer', 'rejected', 'expired', 'session_expired']),
});

export const accountsAnswer = z.discriminatedUnion('result', [
  z.object({
    result: z.literal('ok'),
    accounts: z.array(
      z.object({ id: z.string().min(1), number: z.string().min(4), type: z.string(), currency: z.string() }),
    ),
  }),
  z.object({ result: z.literal('session_expired') }),
]);

export const wireTransfer = z.object({
  idempotency_key: z.string(),
  reference: z.string().nullable(),
  // Kept open: a status this adapter does not know is mapped to `unknown`, never to success.
  status: z.string(),
  reason: z.string().nullable(),
  amount: z.number().int(),
});
export type WireTransfer = z.infer<typeof wireTransfer>;

export const transferAnswer = z.discriminatedUnion('result', [
  z.object({ result: z.literal('transfer'), transfer: wireTransfer }),
  z.object({ result: z.literal('session_expired') }),
]);

export const transferFound = z.object({ result: z.literal('transfer'), transfer: wireTransfer });

export const errorAnswer = z.object({ error: z.string(), message: z.string().optional() });

export const statementAnswer = z.object({
  account: z.string(),
  entries: z.array(
    z.object({
      reference: z.string(),
      idempotency_key: z.string(),
      amount: z.number().int().positive(),
      payer_rut: z.string(),
      description: z.string(),
      booked_at: z.iso.datetime(),
    }),
  ),
});
