import { applyStep, type StepResult } from './apply-step.ts';
import type { FunnelDeps } from './funnel-deps.ts';

export type ReviewDecision = 'paid' | 'not_paid';

/**
 * An operator settles a payment under review (a transfer the bank had not seen long after it was sent),
 * having checked with the bank: `paid` ends it `success` (the order's claim stays taken), `not_paid` ends it
 * `error` and gives the order's claim back. The merchant is notified as for any final status. Refused
 * unless the payment is still under review (the bank may have settled it meanwhile).
 */
export function settleReview(
  deps: FunnelDeps,
  sessionId: number,
  decision: ReviewDecision,
): Promise<StepResult> {
  return applyStep(
    deps,
    sessionId,
    decision === 'paid'
      ? { event: 'review_paid', changes: { transferStatus: 'completed', transferCheckAt: null } }
      : {
          event: 'review_not_paid',
          changes: {
            transferStatus: 'rejected',
            failureReason: 'transfer_not_received',
            transferCheckAt: null,
          },
          releaseOrder: true,
        },
  );
}
