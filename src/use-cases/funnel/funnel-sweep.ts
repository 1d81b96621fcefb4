import type { TransferResult } from '../../ports/bank-connector.ts';
import type { TransferToCheck } from '../../ports/payment-funnel-store.ts';
import type { PaymentResult } from '../../ports/redirect-bank-connector.ts';
import { startPeriodic } from '../periodic.ts';
import { applyStep } from './apply-step.ts';
import { openFinanceOrderOf } from './complete-bank-authorization.ts';
import { callBank, type FunnelDeps } from './funnel-deps.ts';
import { recordTransferResult } from './record-transfer-result.ts';

/**
 * The recovery sweep, run at start and then periodically by every instance: follows transfers whose
 * answer is missing (pending at the bank, timed out, or this process died mid-call) by asking the bank
 * for each by its idempotency key, and expires abandoned sessions. Rows are leased with
 * `for update skip locked`, so instances never work on the same transfer at once.
 */
export async function runFunnelSweep(
  deps: FunnelDeps,
  options: { batch?: number } = {},
): Promise<{ transfersChecked: number; sessionsExpired: number }> {
  const batch = options.batch ?? 50;
  const leaseSeconds = Math.max(deps.settings.transferRecheckSeconds, 30);
  const due = await deps.funnels.leaseTransfersToCheck(batch, leaseSeconds);
  await Promise.all(
    due.map(async (transfer) => {
      const { result, record } = await callBank<TransferResult | PaymentResult | { status: 'not_found' }>(
        transfer,
        'transfer_status',
        () => transferStatusOf(deps, transfer),
        (answer) => answer.status,
        { status: 'unknown' },
      );
      await recordTransferResult(
        deps,
        { sessionId: transfer.sessionId, submittedAt: transfer.transferSubmittedAt, bankCall: record },
        result,
      );
    }),
  );
  const expired = await deps.funnels.findExpiredSessions(batch);
  for (const sessionId of expired) await applyStep(deps, sessionId, { event: 'expire' });
  return { transfersChecked: due.length, sessionsExpired: expired.length };
}

/**
 * What the bank says of a transfer by its key: a payment order sent through open finance is asked of the
 * bank's open-finance face (the funnel holds its sealed consent and grant, and the bank's payment id once
 * it answered: then the bank is asked by that id with Puente's own credentials, the grant no longer needed),
 * any other of its connector.
 */
async function transferStatusOf(
  deps: FunnelDeps,
  transfer: TransferToCheck,
): Promise<TransferResult | PaymentResult | { status: 'not_found' }> {
  const redirectBank = deps.redirectBanks(transfer.bankCode);
  if (redirectBank) {
    const view = await deps.funnels.loadById(transfer.sessionId);
    const order = view ? await openFinanceOrderOf(deps, view) : null;
    if (order) return redirectBank.paymentStatus(order);
  }
  return deps.banks(transfer.bankCode).transferStatus(transfer.paymentToken);
}

/** Runs the sweep now and every `intervalSeconds`; returns a stop function that waits for a run in progress. */
export function startFunnelSweeper(
  deps: FunnelDeps,
  intervalSeconds: number,
  onError: (error: unknown) => void,
): () => Promise<void> {
  return startPeriodic(() => runFunnelSweep(deps), intervalSeconds * 1000, onError);
}
