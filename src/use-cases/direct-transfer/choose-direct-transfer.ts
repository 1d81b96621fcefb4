import { DEFAULT_WINDOW_HOURS } from '../../domain/direct-transfer.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import { applyStep, type StepResult } from '../funnel/apply-step.ts';
import { LAST_ATTEMPT_WIPED } from '../funnel/choose-bank.ts';
import type { DirectTransferDeps } from './direct-transfer-deps.ts';

/**
 * The payer will transfer from their own bank to the merchant's collecting account: the payment gets its
 * reference and stays open for the merchant's window (the session's expiry moves to the window's end, so
 * the funnel sweep ends it `expired` then). Null when the merchant has no enabled collecting account.
 */
export async function chooseDirectTransfer(
  deps: DirectTransferDeps,
  view: FunnelView,
  now = new Date(),
): Promise<StepResult | null> {
  const account = view.collectingAccount;
  if (!account?.enabled) return null;
  const hours = account.windowHours || DEFAULT_WINDOW_HOURS;
  const opened = await deps.directTransfers.openDirectTransfer(
    { id: view.session.id, merchantId: view.merchant.id },
    new Date(now.getTime() + hours * 3_600_000),
    deps.newReference,
  );
  return applyStep(
    deps,
    view.session.id,
    {
      event: 'choose_direct_transfer',
      changes: { ...LAST_ATTEMPT_WIPED, bankCode: null },
      expiresAt: opened.windowEndsAt,
    },
    { from: view },
  );
}
