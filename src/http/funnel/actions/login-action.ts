import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { logIn } from '../../../use-cases/funnel/log-in.ts';
import { funnelAction } from '../funnel-action.ts';

/** `POST /session/{token}/login` (`rut`, `password`): the password goes to the bank and nowhere else. */
export function loginAction(app: FastifyInstance, services: Services): void {
  funnelAction(app, services, 'login', async (deps, view, form) => {
    const answer = await logIn(deps, view, {
      rut: form.get('rut') ?? '',
      password: form.get('password') ?? '',
    });
    return answer === 'invalid_rut' ? 'invalid_rut' : null;
  });
}
