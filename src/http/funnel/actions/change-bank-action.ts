import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { changeBank } from '../../../use-cases/funnel/change-bank.ts';
import { funnelAction } from '../funnel-action.ts';

/** `POST /session/{token}/change-bank`: back to the bank choice, possible until the transfer is sent. */
export function changeBankAction(app: FastifyInstance, services: Services): void {
  funnelAction(app, services, 'change-bank', async (deps, view) => {
    await changeBank(deps, view);
    return null;
  });
}
