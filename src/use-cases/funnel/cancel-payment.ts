import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import type { FunnelDeps } from './funnel-deps.ts';

/** The payer walks away. Refused (a no-op) once a transfer is in flight or the payment has ended. */
export async function cancelPayment(deps: FunnelDeps, view: FunnelView): Promise<boolean> {
  const result = await deps.funnels.apply(
    view.session.id,
    'cancel',
    { failureReason: 'cancelled_by_payer' },
    { from: view },
  );
  return result.applied;
}
