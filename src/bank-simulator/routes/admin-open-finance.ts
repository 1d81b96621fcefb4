import type { FastifyInstance } from 'fastify';
import type { JWK } from 'jose';
import { z } from 'zod';
import type { SimulatorState } from '../simulator-state.ts';
import { sendError } from './bank-scope.ts';

// Public keys only: a private member (`d`, primes) in a registration is refused.
const publicJwk = z
  .object({ kty: z.string(), kid: z.string().optional() })
  .passthrough()
  .refine((key) => !('d' in key) && !('p' in key) && !('k' in key), 'only public keys');

const body = z.object({
  jwks: z.object({ keys: z.array(publicJwk).min(1).max(5) }),
  redirect_uris: z.array(z.string().url()).min(1).max(10),
});

/**
 * `PUT /admin/open-finance/clients/:clientId` — registers a payment-initiation provider with every model
 * bank: its public JWKS (for `private_key_jwt`) and its redirect URIs. The sandbox stand-in for a bank's
 * onboarding of a licensed provider; Puente's sandbox connector calls it before its first authorisation.
 */
export function adminOpenFinanceRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.put('/admin/open-finance/clients/:clientId', async (request, reply) => {
    const { clientId } = request.params as { clientId: string };
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(clientId))
      return sendError(reply, 400, 'invalid_request', 'client id');
    const parsed = body.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalid_request', z.prettifyError(parsed.error));
    state.authorizationServers.registerClient({
      clientId,
      jwks: { keys: parsed.data.jwks.keys as JWK[] },
      redirectUris: parsed.data.redirect_uris,
    });
    return { client_id: clientId, registered: true };
  });
}
