import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import { applyStep } from './apply-step.ts';
import type { FunnelDeps } from './funnel-deps.ts';

/** The payer walks away. Refused (a no-op) once a transfer is in flight or the payment has ended. */
export async function cancelPayment(deps: FunnelDeps, view: FunnelView): Promise<boolean> {
  const result = await applyStep(
    deps,
    view.session.id,
    { event: 'cancel', changes: { failureReason: 'cancelled_by_payer' } },
    { from: view },
  );
  return result.applied;
}
