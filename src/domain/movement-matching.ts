import { type Movement, referencesIn } from './direct-transfer.ts';
import { marksIn } from './initiation-mark.ts';

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

/**
 * A payment Puente initiated (credentials flow or open finance) to the merchant's collecting account: its
 * credit lands in the same statement as direct transfers, and must never pay one.
 */
export interface InitiatedPayment {
  sessionId: number;
  /** The mark its transfer carried (`PTE…`, from its payment_token). */
  mark: string;
  amount: number;
  /** The payer's RUT when the merchant sent one (`user_rut`). */
  payerRut: string | null;
  /**
   * Its money may be in this statement without the mark: it succeeded (or is still in flight) within the
   * merchant's collecting window. Only such a payment holds back a match by amount and RUT.
   */
  recent: boolean;
}

/** Why a movement waits for an operator. */
export const REVIEW_REASONS = [
  'underpaid',
  'overpaid',
  'late',
  'duplicate',
  'ambiguous',
  /** It would pay a direct transfer by amount and RUT, but a recent Puente payment has that amount and RUT. */
  'possibly_initiated',
] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export type MovementDecision =
  | { movementId: string; outcome: 'matched'; sessionId: number; by: 'reference' | 'amount_and_rut' }
  /** `sessionId`: the payment the movement points at, when there is one (not for an ambiguous movement). */
  | { movementId: string; outcome: 'review'; reason: ReviewReason; sessionId: number | null }
  /**
   * The credit of a payment Puente initiated: by its mark, or (no comment, no direct transfer it could pay)
   * by the amount and RUT of one recent such payment. `sessionId` when that payment was found.
   */
  | { movementId: string; outcome: 'initiated'; sessionId: number | null; by: 'mark' | 'amount_and_rut' }
  /** Nothing of Puente's: another credit of the merchant's account. */
  | { movementId: string; outcome: 'unmatched' };

/**
 * Decides, for new movements of one merchant's statement, which payment each one pays. Pure.
 *
 * 0. Puente's own: a movement whose comment holds a Puente mark is the credit of a payment Puente initiated
 *    (`initiated`, linked to it when `initiated` holds its mark). It pays no direct transfer and takes no
 *    part in the rules below, whatever else its comment says (an order id may look like a reference).
 * 1. By reference: a movement whose comment holds exactly one known reference pays that payment when it is
 *    open, unclaimed and the amount is exact; otherwise it goes to review (`underpaid`/`overpaid`, `late`
 *    when the payment already ended unpaid, `duplicate` when it was already paid). Two references: review
 *    (`ambiguous`).
 * 2. Else by exact amount and payer RUT, only when unambiguous: the movement's only candidate is one open,
 *    unclaimed payment and no other movement of the batch has that payment as a candidate. Several
 *    candidates, or several movements for one: all of them to review (`ambiguous`). A known payer whose
 *    open payments have another amount: review (`underpaid`/`overpaid` when there is one such payment,
 *    `ambiguous` when several).
 *    Second defence, for a bank whose statement drops the comment: a movement that would pay a direct
 *    transfer by amount and RUT goes to review (`possibly_initiated`) instead when a recent Puente payment
 *    has that amount and payer RUT; and one that would be `unmatched` (or reviewed as another amount of a
 *    waiting payer) is `initiated` when such a payment explains it.
 * 3. Anything else is `unmatched`: an ordinary credit of the account.
 *
 * Invariants (property-tested): every movement gets one decision; no payment is matched twice, nor is a
 * payment already `paid` matched again; a match has the payment's exact amount; a marked movement is never
 * matched nor reviewed against a direct transfer; no match by amount and RUT while a recent Puente payment
 * has that amount and RUT.
 * Movements are taken in (date, id) order, so that the first of two transfers with one reference pays.
 */
export function matchMovements(
  movements: readonly Movement[],
  payments: readonly CandidatePayment[],
  initiated: readonly InitiatedPayment[] = [],
): MovementDecision[] {
  const byReference = new Map(payments.map((payment) => [payment.reference, payment]));
  const byMark = new Map(initiated.map((payment) => [payment.mark, payment]));
  const claimed = new Set<number>();
  const decisions = new Map<string, MovementDecision>();
  const ordered = [...movements].sort((a, b) =>
    a.date === b.date ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.date < b.date ? -1 : 1,
  );

  const withoutReference: Movement[] = [];
  for (const movement of ordered) {
    const marks = marksIn(movement.description);
    if (marks.length > 0) {
      const found = marks.map((mark) => byMark.get(mark)).filter((payment) => payment !== undefined);
      decisions.set(movement.id, {
        movementId: movement.id,
        outcome: 'initiated',
        sessionId: found.length === 1 ? (found[0] as InitiatedPayment).sessionId : null,
        by: 'mark',
      });
      continue;
    }
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
  // Recent Puente payments the movement could be the credit of, its comment lost: same amount, same payer.
  const recent = initiated.filter((payment) => payment.recent && payment.payerRut !== null);
  const lookalikes = (movement: Movement) =>
    movement.payerRut
      ? recent.filter(
          (payment) => payment.payerRut === movement.payerRut && payment.amount === movement.amount,
        )
      : [];
  for (const movement of withoutReference) {
    const id = movement.id;
    const found = candidates.get(id) ?? [];
    const only = found[0];
    const puente = lookalikes(movement);
    if (found.length > 0 && puente.length > 0) {
      // A direct transfer or Puente's own payment, both of this amount from this payer: an operator decides.
      decisions.set(id, {
        movementId: id,
        outcome: 'review',
        reason: 'possibly_initiated',
        sessionId: found.length === 1 && only ? only.sessionId : null,
      });
    } else if (found.length === 1 && only && wanted.get(only.sessionId) === 1) {
      decisions.set(id, {
        movementId: id,
        outcome: 'matched',
        sessionId: only.sessionId,
        by: 'amount_and_rut',
      });
    } else if (found.length > 0) {
      decisions.set(id, { movementId: id, outcome: 'review', reason: 'ambiguous', sessionId: null });
    } else if (puente.length > 0) {
      // Not the amount of any waiting direct transfer of this payer, exactly a Puente payment's.
      decisions.set(id, {
        movementId: id,
        outcome: 'initiated',
        sessionId: puente.length === 1 ? (puente[0] as InitiatedPayment).sessionId : null,
        by: 'amount_and_rut',
      });
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
