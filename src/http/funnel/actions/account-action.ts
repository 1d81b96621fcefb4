import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { chooseAccount } from '../../../use-cases/funnel/choose-account.ts';
import { funnelAction } from '../funnel-action.ts';

/** `POST /session/{token}/account` (`account=<bank's account id>`). */
export function accountAction(app: FastifyInstance, services: Services): void {
  funnelAction(app, services, 'account', async (deps, view, form) => {
    await chooseAccount(deps, view, form.get('account') ?? '');
    return null;
  });
}
