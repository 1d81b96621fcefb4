import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { chooseDirectTransfer } from '../../../use-cases/direct-transfer/choose-direct-transfer.ts';
import { funnelAction } from '../funnel-action.ts';
import { directTransferDeps } from '../funnel-request.ts';

/**
 * `POST /session/{token}/direct-transfer`: the payer will transfer from any bank to the merchant's account,
 * as it is now (a fresh read: never one the merchant has since removed).
 */
export function directTransferAction(app: FastifyInstance, services: Services): void {
  funnelAction(
    app,
    services,
    'direct-transfer',
    async (deps, view) => {
      await chooseDirectTransfer(directTransferDeps(services, deps.onStep), view);
      return null;
    },
    { readsFresh: true },
  );
}
