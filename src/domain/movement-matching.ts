import { type Movement, referencesIn } from './direct-transfer.ts';

/** A direct-transfer payment the matcher may assign movements to. */
export interface CandidatePayment {
  sessionId: number;
  reference: string;
  amount: number;
  /** The payer's RUT when the merchant sent one (`user_rut`): the second way to match. */
  payerRut: string | null;
  /** `open`: still waiting (`awaiting_transfer`); `paid`: matched before; `closed`: expired or cancelled. */
  standing: 'open' | 'paid' | 'closed';
}

/** Why a movement waits for an operator. */
export const REVIEW_REASONS = ['underpaid', 'overpaid', 'late', 'duplicate', 'ambiguous'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export type MovementDecision =
  | { movementId: string; outcome: 'matched'; sessionId: number; by: 'reference' | 'amount_and_rut' }
  /** `sessionId`: the payment the movement points at, when there is one (not for an ambiguous movement). */
  | { movementId: string; outcome: 'review'; reason: ReviewReason; sessionId: number | null }
  /** Nothing of Puente's: another credit of the merchant's account. */
  | { movementId: string; outcome: 'unmatched' };

/**
 * Decides, for new movements of one merchant's statement, which payment each one pays. Pure.
 *
 * 1. By reference: a movement whose comment holds exactly one known reference pays that payment when it is
 *    open, unclaimed and the amount is exact; otherwise it goes to review (`underpaid`/`overpaid`, `late`
 *    when the payment already ended unpaid, `duplicate` when it was already paid). Two references: review
 *    (`ambiguous`).
 * 2. Else by exact amount and payer RUT, only when unambiguous: the movement's only candidate is one open,
 *    unclaimed payment and no other movement of the batch has that payment as a candidate. Several
 *    candidates, or several movements for one: all of them to review (`ambiguous`). A known payer whose
 *    open payments have another amount: review (`underpaid`/`overpaid` when there is one such payment,
 *    `ambiguous` when several).
 * 3. Anything else is `unmatched`: an ordinary credit of the account.
 *
 * Invariants (property-tested): every movement gets one decision; no payment is matched twice, nor is a
 * payment already `paid` matched again; a match has the payment's exact amount.
 * Movements are taken in (date, id) order, so that the first of two transfers with one reference pays.
 */
export function matchMovements(
  movements: readonly Movement[],
  payments: readonly CandidatePayment[],
): MovementDecision[] {
  const byReference = new Map(payments.map((payment) => [payment.reference, payment]));
  const claimed = new Set<number>();
  const decisions = new Map<string, MovementDecision>();
  const ordered = [...movements].sort((a, b) =>
    a.date === b.date ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.date < b.date ? -1 : 1,
  );

  const withoutReference: Movement[] = [];
  for (const movement of ordered) {
    const referenced = referencesIn(movement.description)
      .map((reference) => byReference.get(reference))
      .filter((payment) => payment !== undefined);
    if (referenced.length === 0) {
      withoutReference.push(movement);
      continue;
    }
    const id = movement.id;
    if (referenced.length > 1) {
      decisions.set(id, { movementId: id, outcome: 'review', reason: 'ambiguous', sessionId: null });
      continue;
    }
    const payment = referenced[0] as CandidatePayment;
    const review = (reason: ReviewReason) =>
      decisions.set(id, { movementId: id, outcome: 'review', reason, sessionId: payment.sessionId });
    if (payment.standing === 'paid' || claimed.has(payment.sessionId)) review('duplicate');
    else if (payment.standing === 'closed') review('late');
    else if (movement.amount !== payment.amount) review(amountReason(movement, payment));
    else {
      claimed.add(payment.sessionId);
      decisions.set(id, {
        movementId: id,
        outcome: 'matched',
        sessionId: payment.sessionId,
        by: 'reference',
      });
    }
  }

  // By amount and RUT: candidates are open payments no reference claimed, of the movement's payer.
  const open = payments.filter((payment) => payment.standing === 'open' && !claimed.has(payment.sessionId));
  const ofPayer = (movement: Movement) =>
    movement.payerRut ? open.filter((payment) => payment.payerRut === movement.payerRut) : [];
  const candidates = new Map(
    withoutReference.map((movement) => [
      movement.id,
      ofPayer(movement).filter((payment) => payment.amount === movement.amount),
    ]),
  );
  const wanted = new Map<number, number>();
  for (const found of candidates.values()) {
    for (const payment of found) wanted.set(payment.sessionId, (wanted.get(payment.sessionId) ?? 0) + 1);
  }
  for (const movement of withoutReference) {
    const id = movement.id;
    const found = candidates.get(id) ?? [];
    const only = found[0];
    if (found.length === 1 && only && wanted.get(only.sessionId) === 1) {
      decisions.set(id, {
        movementId: id,
        outcome: 'matched',
        sessionId: only.sessionId,
        by: 'amount_and_rut',
      });
    } else if (found.length > 0) {
      decisions.set(id, { movementId: id, outcome: 'review', reason: 'ambiguous', sessionId: null });
    } else {
      const known = ofPayer(movement);
      const single = known[0];
      if (known.length === 1 && single) {
        decisions.set(id, {
          movementId: id,
          outcome: 'review',
          reason: amountReason(movement, single),
          sessionId: single.sessionId,
        });
      } else if (known.length > 1) {
        decisions.set(id, { movementId: id, outcome: 'review', reason: 'ambiguous', sessionId: null });
      } else {
        decisions.set(id, { movementId: id, outcome: 'unmatched' });
      }
    }
  }
  return movements.map((movement) => decisions.get(movement.id) as MovementDecision);
}

function amountReason(movement: Movement, payment: CandidatePayment): ReviewReason {
  return movement.amount < payment.amount ? 'underpaid' : 'overpaid';
}
