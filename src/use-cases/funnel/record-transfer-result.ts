import type { StepRequest } from '../../domain/funnel.ts';
import type { TransferResult } from '../../ports/bank-connector.ts';
import type { BankCallRecord, FunnelChanges, FunnelView } from '../../ports/payment-funnel-store.ts';
import type { PaymentResult } from '../../ports/redirect-bank-connector.ts';
import { applyStep } from './apply-step.ts';
import type { FunnelDeps } from './funnel-deps.ts';

/**
 * Writes what the bank said about a transfer. Only `completed` makes a success; `rejected` ends the attempt
 * (the payer may try again in the same session); a transfer the bank still has never seen long after it was
 * sent goes to `needs_review` (never to an error: a bank that books it late would let the payer pay twice);
 * anything else keeps the payment `transferring` and schedules the next question. `transfer.from` is the funnel as the
 * caller last saw it, if it has it (it saves reading it again); `transfer.bankCall` the call that answered,
 * written with what it leads to. The bank's id of an open-finance payment, when it gave one, is kept: the
 * sweep asks by it once the payer's grant has expired.
 */
export async function recordTransferResult(
  deps: FunnelDeps,
  transfer: { sessionId: number; submittedAt: Date; from?: FunnelView; bankCall: BankCallRecord },
  result: TransferResult | PaymentResult | { status: 'not_found' },
  now = new Date(),
): Promise<void> {
  const { sessionId, submittedAt, bankCall } = transfer;
  const paymentId = 'paymentId' in result && result.paymentId ? { bankPaymentId: result.paymentId } : {};
  const written = { bankCalls: [bankCall], ...(transfer.from ? { from: transfer.from } : {}) };
  const finish = (request: StepRequest) => applyStep(deps, sessionId, request, written);
  const nextCheck = new Date(now.getTime() + deps.settings.transferRecheckSeconds * 1000);
  // No step follows: the call's row is written alone, and the bank is asked again at `nextCheck`.
  const keepTransferring = async (changes: Pick<FunnelChanges, 'transferStatus' | 'bankReference'>) => {
    await deps.funnels.recordBankCall(bankCall);
    await deps.funnels.updateTransfer(sessionId, { ...changes, ...paymentId, transferCheckAt: nextCheck });
  };
  switch (result.status) {
    case 'completed':
      await finish({
        event: 'transfer_completed',
        changes: {
          transferStatus: 'completed',
          bankReference: result.bankReference,
          ...paymentId,
          transferCheckAt: null,
        },
      });
      return;
    case 'rejected':
      // A refusal moved no money: the attempt ends and the payer may try another account or bank (or, for
      // a transfer already under review, whose payer has left, the payment ends).
      await finish({
        event: (facts) => (facts.state === 'needs_review' ? 'transfer_rejected' : 'transfer_refused'),
        changes: { transferStatus: 'rejected', failureReason: result.reason, transferCheckAt: null },
        releaseOrder: true,
      });
      return;
    case 'pending':
      await keepTransferring({
        transferStatus: 'pending',
        ...(result.bankReference ? { bankReference: result.bankReference } : {}),
      });
      return;
    case 'unknown':
      await keepTransferring({});
      return;
    case 'not_found': {
      const lostAt = submittedAt.getTime() + deps.settings.transferLostAfterSeconds * 1000;
      if (now.getTime() < lostAt) {
        await keepTransferring({});
        return;
      }
      // Not seen by the bank long after it was sent: it may still book it, so nothing is let go (the order's
      // claim stays). The payment waits for an operator, and the bank keeps being asked, less often.
      const slowCheck = new Date(now.getTime() + deps.settings.reviewRecheckSeconds * 1000);
      const lost = await finish({
        event: 'transfer_lost',
        changes: {
          transferStatus: 'lost',
          failureReason: 'transfer_not_received',
          transferCheckAt: slowCheck,
        },
      });
      if (!lost.applied) await deps.funnels.updateTransfer(sessionId, { transferCheckAt: slowCheck });
      return;
    }
    default:
      exhaustive(result);
  }
}

function exhaustive(value: never): never {
  throw new Error(`unhandled transfer result ${JSON.stringify(value)}`);
}
