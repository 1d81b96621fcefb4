import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import { applyStep } from './apply-step.ts';
import type { FunnelDeps } from './funnel-deps.ts';

/**
 * The payer picks one of the accounts the bank listed; any other id is ignored. After the bank refused a
 * transfer, picking another account (while the bank session lasts) is a new attempt: the refused one's
 * transfer bookkeeping is wiped and the step mints a new `payment_token`.
 */
export async function chooseAccount(deps: FunnelDeps, view: FunnelView, accountId: string): Promise<boolean> {
  const { funnel } = view;
  const account = funnel.accounts?.find((candidate) => candidate.id === accountId);
  if (!account) return false;
  if (funnel.state === 'attempt_failed' && !canChooseAnotherAccount(view)) return false;
  const result = await applyStep(
    deps,
    view.session.id,
    {
      event: 'account_chosen',
      changes: {
        accountId: account.id,
        accountLast4: account.last4,
        accountType: account.type,
        ...(funnel.state === 'attempt_failed'
          ? { failureReason: null, transferSubmittedAt: null, transferStatus: null, bankReference: null }
          : {}),
      },
    },
    { from: view },
  );
  return result.applied;
}

/** After a refused transfer, the other accounts the bank listed can still pay while its session is open. */
export function canChooseAnotherAccount(view: FunnelView): boolean {
  const { funnel } = view;
  return (
    funnel.state === 'attempt_failed' &&
    funnel.transferStatus === 'rejected' &&
    funnel.bankHandleSealed !== null &&
    (funnel.accounts ?? []).some((account) => account.id !== funnel.accountId)
  );
}
