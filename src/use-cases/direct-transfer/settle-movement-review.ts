import { applyStep } from '../funnel/apply-step.ts';
import type { DirectTransferDeps } from './direct-transfer-deps.ts';

export type MovementReviewDecision =
  | { action: 'match'; sessionId: number }
  | { action: 'refunded' }
  | { action: 'dismissed' };

export type MovementReviewOutcome =
  | 'done'
  /** The item is no longer in review (another operator settled it). */
  | 'not_in_review'
  /** The payment is not a direct transfer of this merchant waiting for its money. */
  | 'payment_not_open';

/**
 * An operator settles a movement of the review queue: matches it to a waiting payment of the same merchant
 * (which ends `success` with the usual notification, whatever the amount: the operator accepted it), records
 * that it was refunded by hand, or dismisses it. The caller writes the audit row.
 */
export async function settleMovementReview(
  deps: DirectTransferDeps,
  rowId: number,
  decision: MovementReviewDecision,
): Promise<MovementReviewOutcome> {
  const movement = await deps.directTransfers.movement(rowId);
  if (movement?.status !== 'review') return 'not_in_review';
  if (decision.action !== 'match') {
    const done = await deps.directTransfers.resolveReview(rowId, { status: decision.action });
    return done ? 'done' : 'not_in_review';
  }
  const view = await deps.funnels.loadById(decision.sessionId);
  if (!view || view.merchant.id !== movement.merchantId || view.funnel.state !== 'awaiting_transfer') {
    return 'payment_not_open';
  }
  const result = await applyStep(
    deps,
    view.session.id,
    { event: 'movement_matched', changes: { bankReference: movement.id, transferStatus: 'completed' } },
    { from: view },
  );
  if (!result.applied) return 'payment_not_open';
  await deps.directTransfers.resolveReview(rowId, { status: 'matched', sessionId: view.session.id });
  return 'done';
}
