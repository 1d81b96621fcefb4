import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseBankCode } from '../../domain/banks.ts';
import { happens } from '../faults.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { type BankRouteConfig, bankOf, sendError, sessionIdOf } from './bank-scope.ts';
import { transferToWire } from './transfer-wire.ts';

const body = z.object({
  account_id: z.string().min(1).max(100),
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  currency: z.literal('CLP').default('CLP'),
  recipient: z.object({
    // The recipient's bank (default this one): an interbank transfer is credited at that bank.
    bank: z.string().min(1).max(40).optional(),
    account_type: z.enum(['corriente', 'vista', 'ahorro', 'rut']).optional(),
    account: z.string().min(1).max(100),
    name: z.string().min(1).max(200),
    rut: z.string().min(1).max(20),
  }),
  idempotency_key: z.string().min(1).max(200),
  description: z.string().max(200).default(''),
});

/**
 * `POST /banks/:bank/transfers` — moves money, once per `idempotency_key`: the same key returns the first
 * result (even after the session ended); the same key for a different transfer is refused with 409. The
 * recipient may be at another bank (`recipient.bank`): the credit then shows in that bank's statement.
 */
export function transferRoute(scope: FastifyInstance, state: SimulatorState): void {
  const config: BankRouteConfig = { operation: 'transfer' };
  scope.post('/transfers', { config }, async (request, reply) => {
    const parsed = body.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalid_request', 'the transfer order is incomplete');
    const order = parsed.data;
    const bank = bankOf(state, request);
    const recipientBank = order.recipient.bank ? parseBankCode(order.recipient.bank) : bank.profile.code;
    if (!recipientBank) return sendError(reply, 400, 'invalid_request', 'the recipient’s bank is unknown');
    const answer = bank.transfers.transfer(
      {
        sessionId: sessionIdOf(request),
        accountId: order.account_id,
        amount: order.amount,
        recipient: {
          bank: recipientBank,
          accountType: order.recipient.account_type ?? null,
          account: order.recipient.account,
          name: order.recipient.name,
          rut: order.recipient.rut,
        },
        idempotencyKey: order.idempotency_key,
        description: order.description,
      },
      Date.now(),
    );
    switch (answer.result) {
      case 'idempotency_conflict':
        return sendError(reply, 409, 'idempotency_conflict', 'this key was used for a different transfer');
      case 'unknown_account':
        return sendError(reply, 422, 'unknown_account', 'the account is not the session holder’s');
      case 'session_expired':
        return { result: 'session_expired' };
      case 'transfer':
        // Injected "answer lost": the money moved, but the caller's connection drops before any answer.
        if (happens(bank.faults.answerLostRate)) {
          reply.hijack();
          reply.raw.destroy();
          return reply;
        }
        return { result: 'transfer', transfer: transferToWire(answer.transfer) };
      default: {
        const exhaustive: never = answer;
        throw new Error(`unhandled transfer answer ${JSON.stringify(exhaustive)}`);
      }
    }
  });
}

/** `GET /banks/:bank/transfers/:key` — what became of the transfer sent with this idempotency key. */
export function transferStatusRoute(scope: FastifyInstance, state: SimulatorState): void {
  const config: BankRouteConfig = { operation: 'transfer_status' };
  scope.get('/transfers/:key', { config }, async (request, reply) => {
    const { key } = request.params as { key: string };
    const record = bankOf(state, request).transfers.status(key, Date.now());
    if (!record) return sendError(reply, 404, 'transfer_not_found', 'no transfer with this key');
    return { result: 'transfer', transfer: transferToWire(record) };
  });
}
