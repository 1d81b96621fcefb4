import type { CollectingAccount, Movement } from '../domain/direct-transfer.ts';
import type { CandidatePayment, ReviewReason } from '../domain/movement-matching.ts';

export type MovementSource =
  | { kind: 'api' }
  | { kind: 'file'; fileName: string; sha256: string; layout: string }
  | { kind: 'simulator' };

/**
 * What became of a movement: `received` until decided; `initiated` is the credit of a payment Puente itself
 * sent to the collecting account (credentials flow, open finance); `refunded`/`dismissed` only by an operator.
 */
export type MovementStatus =
  | 'received'
  | 'matched'
  | 'review'
  | 'unmatched'
  | 'initiated'
  | 'refunded'
  | 'dismissed';

export interface StoredMovement extends Movement {
  /** Puente's own row id (the review queue names items by it). */
  rowId: number;
  merchantId: number;
  status: MovementStatus;
  reviewReason: ReviewReason | null;
  sessionId: number | null;
  receivedAt: Date;
}

export interface StatementImport {
  id: number;
  merchantId: number;
  source: MovementSource['kind'];
  fileName: string | null;
  layout: string | null;
  movements: number;
  newMovements: number;
  matched: number;
  toReview: number;
  /** Credits of payments Puente initiated (status `initiated`). */
  initiated: number;
  createdAt: Date;
}

/** A direct-transfer payment as the matcher sees it, with the movement that paid it (its bank reference). */
export interface DirectTransferCandidate extends CandidatePayment {
  paidByMovementId: string | null;
}

/** A payment Puente sent to the merchant's collecting account (credentials flow or open finance). */
export interface InitiatedTransfer {
  sessionId: number;
  /** Its mark is derived from it (`initiationMarkOf`). */
  paymentToken: string;
  amount: number;
  /** The session's `user_rut`. */
  payerRut: string | null;
  submittedAt: Date;
  /** It succeeded, or is still in flight (transferring, under review): its money may be in the account. */
  mayHaveMoved: boolean;
}

export interface MovementTotals {
  matched: number;
  toReview: number;
  initiated: number;
}

/**
 * Collecting accounts, the references of direct-transfer payments, and the merchant's statement movements.
 * It decides nothing: the matcher (`matchMovements`) decides, the funnel (`applyStep`) ends payments.
 * Every write of a movement is idempotent by (merchant, movement id), and a decision applies only to a
 * movement still `received` (or, for an operator, still in `review`).
 *
 * @example
 *   const { importId } = await store.recordMovements(merchant.id, movements, { kind: 'api' });
 *   const undecided = await store.undecidedMovements(merchant.id, 500);
 *   await store.decide(merchant.id, 'MOV-1', { status: 'matched', reason: null, sessionId: 42 });
 */
export interface DirectTransferStore {
  collectingAccount(merchantId: number): Promise<CollectingAccount | null>;
  saveCollectingAccount(account: CollectingAccount): Promise<void>;
  /** The enabled collecting accounts of the merchants of one environment (the sandbox statement poll). */
  enabledCollectingAccounts(environment: 'sandbox' | 'production'): Promise<CollectingAccount[]>;
  /** Of these movement ids, those the merchant has not stored yet. */
  unseenMovementIds(merchantId: number, ids: readonly string[]): Promise<string[]>;
  /**
   * The reference and window of a session's direct transfer, made on first call (`newReference` is asked
   * again if a reference is already taken by another payment of the merchant); later calls return the first.
   */
  openDirectTransfer(
    session: { id: number; merchantId: number },
    windowEndsAt: Date,
    newReference: () => string,
  ): Promise<{ reference: string; windowEndsAt: Date }>;
  directTransferOf(sessionId: number): Promise<{ reference: string; windowEndsAt: Date } | null>;
  /** Stores the movements not seen before (by id) under a new import; returns how many were new. */
  recordMovements(
    merchantId: number,
    movements: readonly Movement[],
    source: MovementSource,
  ): Promise<{ importId: number; fresh: number }>;
  /** Movements still `received` (new ones, or left by a run that stopped half-way), oldest first. */
  undecidedMovements(merchantId: number, limit: number): Promise<Movement[]>;
  /** The merchant's open direct-transfer payments, and any other of its payments with one of `references`. */
  candidates(merchantId: number, references: readonly string[]): Promise<DirectTransferCandidate[]>;
  /**
   * Payments Puente sent to the merchant's collecting account that a credit may be: the latest attempts of
   * sessions of these order ids (read after a mark), and those of sessions created since `since` (a day
   * earlier, for sessions paid late in their life) of one of these amounts.
   */
  initiatedTransfers(
    merchantId: number,
    search: { orderIds: readonly string[]; amounts: readonly number[]; since: Date },
  ): Promise<InitiatedTransfer[]>;
  /** Records a decision on a movement still `received`; false when it was decided meanwhile. */
  decide(
    merchantId: number,
    movementId: string,
    decision: {
      status: 'matched' | 'review' | 'unmatched' | 'initiated';
      reason: ReviewReason | null;
      sessionId: number | null;
    },
  ): Promise<boolean>;
  /** Sets the counts of an import once its movements are decided. */
  finishImport(importId: number, counts: MovementTotals): Promise<void>;
  /** The review queue (every merchant), oldest first. */
  reviewQueue(limit: number): Promise<StoredMovement[]>;
  movement(rowId: number): Promise<StoredMovement | null>;
  /** An operator's ending of a review item; false when it is no longer in review. */
  resolveReview(
    rowId: number,
    resolution: { status: 'matched'; sessionId: number } | { status: 'refunded' | 'dismissed' },
  ): Promise<boolean>;
  imports(merchantId: number, limit: number): Promise<StatementImport[]>;
}
