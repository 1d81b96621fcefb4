import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import { applyStep } from './apply-step.ts';
import type { FunnelDeps } from './funnel-deps.ts';

/** The payer picks one of the accounts the bank listed; any other id is ignored. */
export async function chooseAccount(deps: FunnelDeps, view: FunnelView, accountId: string): Promise<boolean> {
  const account = view.funnel.accounts?.find((candidate) => candidate.id === accountId);
  if (!account) return false;
  const result = await applyStep(
    deps,
    view.session.id,
    {
      event: 'account_chosen',
      changes: { accountId: account.id, accountLast4: account.last4, accountType: account.type },
    },
    { from: view },
  );
  return result.applied;
}
