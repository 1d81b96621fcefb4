import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { logIn } from '../../../use-cases/funnel/log-in.ts';
import { funnelAction } from '../funnel-action.ts';

/** `POST /session/{token}/login` (`rut`, `password`): the password goes to the bank and nowhere else. */
export function loginAction(app: FastifyInstance, services: Services): void {
  funnelAction(app, services, 'login', async (deps, view, form, client) => {
    const answer = await logIn(deps, view, {
      rut: form.get('rut') ?? '',
      password: form.get('password') ?? '',
      clientAddress: client.address,
    });
    switch (answer) {
      case 'invalid_rut':
        return 'invalid_rut';
      case 'held_back_rut':
        return 'login_held_back_rut';
      case 'held_back_address':
        return 'login_held_back_address';
      case 'done':
      case 'not_allowed':
        return null;
      default:
        return exhaustive(answer);
    }
  });
}

function exhaustive(value: never): never {
  throw new Error(`unhandled login answer ${String(value)}`);
}
