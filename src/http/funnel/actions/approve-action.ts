import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { approveTransfer } from '../../../use-cases/funnel/approve-transfer.ts';
import { funnelAction } from '../funnel-action.ts';

/** `POST /session/{token}/approve`: the transfer, exactly once (see `approveTransfer`). */
export function approveAction(app: FastifyInstance, services: Services): void {
  funnelAction(app, services, 'approve', async (deps, view) => {
    const outcome = await approveTransfer(deps, view);
    return outcome === 'order_claimed' ? 'order_claimed' : null;
  });
}
