import type { FastifyInstance } from 'fastify';
import type { SimulatorState } from '../simulator-state.ts';
import { type BankRouteConfig, bankOf, sendError } from './bank-scope.ts';

/** `GET /banks/:bank/statement?account=puente:M123` — credits received by a recipient account, newest first. */
export function statementRoute(scope: FastifyInstance, state: SimulatorState): void {
  const config: BankRouteConfig = { operation: 'statement' };
  scope.get('/statement', { config }, async (request, reply) => {
    const { account } = request.query as { account?: string };
    if (!account) return sendError(reply, 400, 'invalid_request', 'account is required');
    const bank = bankOf(state, request);
    bank.transfers.settleDue(Date.now());
    return {
      account,
      entries: state.ledger.credits(bank.profile.code, account).map((entry) => ({
        reference: entry.reference,
        idempotency_key: entry.idempotencyKey,
        amount: entry.amount,
        payer_rut: entry.payerRut,
        description: entry.description,
        booked_at: entry.bookedAt.toISOString(),
      })),
    };
  });
}
