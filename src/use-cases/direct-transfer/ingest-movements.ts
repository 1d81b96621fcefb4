import { DEFAULT_WINDOW_HOURS, type Movement, referencesIn } from '../../domain/direct-transfer.ts';
import { marksIn, orderIdAfterMark } from '../../domain/initiation-mark.ts';
import { type InitiatedPayment, matchMovements } from '../../domain/movement-matching.ts';
import { parseRut } from '../../domain/rut.ts';
import type { MovementSource } from '../../ports/direct-transfer-store.ts';
import { applyStep } from '../funnel/apply-step.ts';
import { initiationMarkOf } from '../funnel/creditor.ts';
import type { DirectTransferDeps } from './direct-transfer-deps.ts';

export interface IngestionSummary {
  importId: number;
  /** Movements given. */
  received: number;
  /** Of those, not seen before (by the movement's id). */
  fresh: number;
  matched: number;
  toReview: number;
  /** Credits of payments Puente initiated (credentials flow, open finance): never a direct transfer's. */
  initiated: number;
  unmatched: number;
}

/** Movements decided per run: a larger backlog is taken by the next run (or the next call). */
const BATCH = 1000;

/**
 * Takes movements of a merchant's statement, whichever way they came (API, statement file, sandbox bank),
 * and settles them: each new movement is stored once by its id (a second delivery changes nothing), then
 * every undecided movement of the merchant is matched (`matchMovements`) and each match ends its payment
 * `success` through the funnel's one path (`applyStep`: the step, the timeline row and the signed
 * notification in one statement). A match the funnel refuses (the payment ended meanwhile) goes to review.
 *
 * The credits of payments Puente itself sent to the collecting account (credentials flow, open finance) are
 * recognised by their mark, or held back by amount and RUT (`matchMovements`), and recorded `initiated`.
 *
 * Safe to repeat and to run concurrently: a payment's step applies once (compare-and-set), a movement's
 * decision applies only while it is undecided, and a payment's `bank_reference` names the movement that
 * paid it, so a run that stopped between the two is completed by the next.
 */
export async function ingestMovements(
  deps: DirectTransferDeps,
  merchantId: number,
  movements: readonly Movement[],
  source: MovementSource,
): Promise<IngestionSummary> {
  const store = deps.directTransfers;
  const unique = [...new Map(movements.map((movement) => [movement.id, movement])).values()];
  const { importId, fresh } = await store.recordMovements(merchantId, unique, source);
  const counts = { matched: 0, toReview: 0, initiated: 0, unmatched: 0 };

  const undecided = await store.undecidedMovements(merchantId, BATCH);
  const candidates = await store.candidates(
    merchantId,
    undecided.flatMap((movement) => referencesIn(movement.description)),
  );
  // A payment already paid by one of these movements (a run stopped before recording it): record it now.
  const paidBy = new Map(
    candidates.filter((c) => c.paidByMovementId).map((c) => [c.paidByMovementId as string, c.sessionId]),
  );
  const toMatch: Movement[] = [];
  for (const movement of undecided) {
    const sessionId = paidBy.get(movement.id);
    if (sessionId === undefined) toMatch.push(movement);
    else if (await store.decide(merchantId, movement.id, { status: 'matched', reason: null, sessionId })) {
      counts.matched++;
    }
  }

  const initiated = await initiatedPaymentsFor(deps, merchantId, toMatch);
  for (const decision of matchMovements(toMatch, candidates, initiated)) {
    const id = decision.movementId;
    if (decision.outcome === 'matched') {
      const result = await applyStep(deps, decision.sessionId, {
        event: 'movement_matched',
        changes: { bankReference: id, transferStatus: 'completed' },
      });
      const paidByThis = result.applied || (await paidByMovement(deps, decision.sessionId, id));
      if (paidByThis) {
        if (
          await store.decide(merchantId, id, {
            status: 'matched',
            reason: null,
            sessionId: decision.sessionId,
          })
        )
          counts.matched++;
        continue;
      }
      // The payment ended between the decision and the step: paid by another movement, or closed.
      const late = !result.applied && result.state !== 'succeeded';
      if (
        await store.decide(merchantId, id, {
          status: 'review',
          reason: late ? 'late' : 'duplicate',
          sessionId: decision.sessionId,
        })
      )
        counts.toReview++;
    } else if (decision.outcome === 'review') {
      if (
        await store.decide(merchantId, id, {
          status: 'review',
          reason: decision.reason,
          sessionId: decision.sessionId,
        })
      )
        counts.toReview++;
    } else if (decision.outcome === 'initiated') {
      if (
        await store.decide(merchantId, id, {
          status: 'initiated',
          reason: null,
          sessionId: decision.sessionId,
        })
      )
        counts.initiated++;
    } else if (await store.decide(merchantId, id, { status: 'unmatched', reason: null, sessionId: null })) {
      counts.unmatched++;
    }
  }
  await store.finishImport(importId, {
    matched: counts.matched,
    toReview: counts.toReview,
    initiated: counts.initiated,
  });
  return { importId, received: movements.length, fresh, ...counts };
}

/**
 * The payments Puente sent to the merchant's collecting account that these movements may be the credits
 * of: by the order id written after a mark, and by amount (of a marked movement, or of one with a payer
 * RUT). `recent`: it may have moved money within the merchant's collecting window (the second defence).
 */
async function initiatedPaymentsFor(
  deps: DirectTransferDeps,
  merchantId: number,
  movements: readonly Movement[],
): Promise<InitiatedPayment[]> {
  const marked = movements.filter((movement) => marksIn(movement.description).length > 0);
  const orderIds = marked.flatMap((movement) => orderIdAfterMark(movement.description) ?? []);
  const amounts = movements
    .filter((movement) => movement.payerRut !== null || marked.includes(movement))
    .map((movement) => movement.amount);
  if (orderIds.length === 0 && amounts.length === 0) return [];
  const account = await deps.directTransfers.collectingAccount(merchantId);
  const since = new Date(Date.now() - (account?.windowHours ?? DEFAULT_WINDOW_HOURS) * 3_600_000);
  const transfers = await deps.directTransfers.initiatedTransfers(merchantId, {
    orderIds: [...new Set(orderIds)],
    amounts: [...new Set(amounts)],
    since,
  });
  return transfers.map((transfer) => ({
    sessionId: transfer.sessionId,
    mark: initiationMarkOf(transfer.paymentToken),
    amount: transfer.amount,
    // Statements give RUTs normalised (`parseMovement`); a session's is as the merchant wrote it.
    payerRut: transfer.payerRut ? parseRut(transfer.payerRut) : null,
    recent: transfer.mayHaveMoved && transfer.submittedAt >= since,
  }));
}

/** Whether the payment's funnel records `movementId` as the movement that paid it. */
async function paidByMovement(
  deps: DirectTransferDeps,
  sessionId: number,
  movementId: string,
): Promise<boolean> {
  const view = await deps.funnels.loadById(sessionId);
  return view?.funnel.state === 'succeeded' && view.funnel.bankReference === movementId;
}
