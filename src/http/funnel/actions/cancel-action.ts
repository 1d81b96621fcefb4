import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { cancelPayment } from '../../../use-cases/funnel/cancel-payment.ts';
import { funnelAction } from '../funnel-action.ts';

/** `POST /session/{token}/cancel`: possible at every step until a transfer is in flight. */
export function cancelAction(app: FastifyInstance, services: Services): void {
  funnelAction(app, services, 'cancel', async (deps, view) => {
    await cancelPayment(deps, view);
    return null;
  });
}
