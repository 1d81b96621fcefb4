import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorState } from '../simulator-state.ts';
import { type BankRouteConfig, bankOf, sendError } from './bank-scope.ts';

// No length limits here: an overlong RUT or password is simply wrong (the body limit caps the size).
const body = z.object({ rut: z.string(), password: z.string() });

/** `POST /banks/:bank/login` — RUT and password; opens a bank session and names the second factor. */
export function loginRoute(scope: FastifyInstance, state: SimulatorState): void {
  const config: BankRouteConfig = { operation: 'login' };
  scope.post('/login', { config }, async (request, reply) => {
    const parsed = body.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalid_request', 'rut and password are required');
    const answer = bankOf(state, request).sessions.login(parsed.data.rut, parsed.data.password, Date.now());
    if (answer.result === 'unavailable') {
      return sendError(reply, 503, 'bank_unavailable', 'Servicio no disponible. Intente más tarde.');
    }
    return answer;
  });
}
