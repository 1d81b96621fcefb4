import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorState } from '../simulator-state.ts';
import { type BankRouteConfig, bankOf, sendError, sessionIdOf } from './bank-scope.ts';

const body = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('app') }),
  z.object({ type: z.literal('otp'), code: z.string() }),
  z.object({ type: z.literal('coordinates'), values: z.array(z.string()).max(20) }),
]);

/**
 * `POST /banks/:bank/second-factor` — the answer to the session's challenge. App approval is polled with
 * `{ "type": "app" }` until it is no longer `waiting`.
 */
export function secondFactorRoute(scope: FastifyInstance, state: SimulatorState): void {
  const config: BankRouteConfig = { operation: 'second_factor' };
  scope.post('/second-factor', { config }, async (request, reply) => {
    const parsed = body.safeParse(request.body);
    if (!parsed.success)
      return sendError(reply, 400, 'invalid_request', 'a second-factor answer is required');
    const result = bankOf(state, request).sessions.verify(sessionIdOf(request), parsed.data, Date.now());
    if (result === 'type_mismatch') {
      return sendError(reply, 400, 'invalid_request', 'the answer does not match the challenge type');
    }
    return { result };
  });
}
