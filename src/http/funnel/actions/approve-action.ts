import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { approveTransfer } from '../../../use-cases/funnel/approve-transfer.ts';
import { funnelAction } from '../funnel-action.ts';

/**
 * `POST /session/{token}/approve`: the transfer, exactly once (see `approveTransfer`), decided on the view
 * the confirmation page was drawn from where this process holds it, and written only while the merchant's
 * collecting account is still the one that view holds: the money goes to the account the merchant has now,
 * never to one it has since removed.
 */
export function approveAction(app: FastifyInstance, services: Services): void {
  funnelAction(app, services, 'approve', async (deps, view) => {
    const outcome = await approveTransfer(deps, view);
    return outcome === 'order_claimed' ? 'order_claimed' : null;
  });
}
