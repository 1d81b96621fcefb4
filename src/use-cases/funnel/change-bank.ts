import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import { applyStep } from './apply-step.ts';
import { LAST_ATTEMPT_WIPED } from './choose-bank.ts';
import type { FunnelDeps } from './funnel-deps.ts';

/**
 * The payer leaves the chosen bank before any transfer was sent ("Elegir otro banco") and is back at the
 * bank choice. The bank session is dropped; `bankCode` stays as the bank left behind, which is how the
 * bank choice knows to list every bank even when the merchant had named one. The next bank chosen starts a
 * new attempt with its own `payment_token` (decideStep). Refused once a transfer is in flight.
 */
export async function changeBank(deps: FunnelDeps, view: FunnelView): Promise<boolean> {
  const result = await applyStep(
    deps,
    view.session.id,
    {
      event: 'change_bank',
      changes: LAST_ATTEMPT_WIPED,
    },
    { from: view },
  );
  return result.applied;
}
