import type { FastifyInstance } from 'fastify';
import type { SimulatorState } from '../simulator-state.ts';
import { type BankRouteConfig, bankOf, sessionIdOf } from './bank-scope.ts';

/** `GET /banks/:bank/accounts` — the session holder's accounts, once the second factor passed. */
export function accountsRoute(scope: FastifyInstance, state: SimulatorState): void {
  const config: BankRouteConfig = { operation: 'accounts' };
  scope.get('/accounts', { config }, async (request) => {
    const { sessions } = bankOf(state, request);
    const session = sessions.session(sessionIdOf(request), Date.now());
    if (session?.factor !== 'passed') return { result: 'session_expired' };
    return {
      result: 'ok',
      accounts: sessions.accounts(session).map((account) => ({
        id: account.id,
        number: account.number,
        type: account.type,
        currency: 'CLP',
      })),
    };
  });
}
