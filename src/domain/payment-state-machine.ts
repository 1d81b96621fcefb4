import type { PaymentStatus, PaymentStep } from './payment.ts';

/**
 * The payment funnel as one transition table. Pure: no I/O, no clock. The HTTP layer and the recovery
 * sweep only ever change a payment's state by asking `transition(state, event)`; anything not in the table
 * is refused, which is what makes a replayed or out-of-order submit harmless.
 *
 * States, in the payer's order:
 * - `choosing_bank`    the summary page (also the start when `user_bank_code` was given: login then picks it);
 *                      back here by `change_bank` when the payer leaves a bank before any transfer was sent
 * - `logging_in`       a bank was chosen; the payer types RUT and password
 * - `second_factor`    the bank asked for its second factor
 * - `choosing_account` several accounts can pay
 * - `confirming`       "transfer $X from ···1234 to merchant?"
 * - `transferring`     the transfer intent is recorded; the bank's final answer is not known yet
 *
 * Open finance (the payer authorises at the bank; no password reaches Puente) replaces login, second
 * factor, account choice and confirmation with:
 * - `leaving_for_bank`     an open-finance bank was chosen: "Continuar en {banco}" with amount and payee
 * - `authorizing_at_bank`  the consent exists and the payer was sent to the bank's authorisation page
 * - `returned_from_bank`   the payer is back with the bank's answer; it is being checked (the code is
 *                          exchanged once: only the request that took this step may exchange it)
 * then `transferring` as above (the payment order is the transfer, keyed by the payment_token).
 *
 * Direct transfer (the payer transfers from any bank's own app to the merchant's collecting account; the
 * movement is found later in the merchant's statement, docs/direct-transfer.md):
 * - `awaiting_transfer`    the payer was shown the account, amount and reference; the payment waits for the
 *                          movement (`movement_matched` ends it `success`) until its window closes (`expire`)
 *
 * - `attempt_failed`   this attempt ended without moving money (the bank refused the login, the second factor
 *                      or the transfer); the payer may pick another bank, or another account after a refused
 *                      transfer, in the same session
 * - `needs_review`     the bank has not seen the transfer long after it was sent: it may still book it, so
 *                      neither the order's claim nor the payment is let go; the bank is still asked, and an
 *                      operator who checked with the bank settles it (paid or not paid), with an audit row
 * - final: `succeeded`, `failed`, `cancelled`, `expired`
 *
 * Invariant: once `transferring`, only the bank's answer moves the payment on (`transfer_completed`,
 * `transfer_refused` or `transfer_rejected`): money may be moving, so neither the payer nor the clock can
 * cancel or expire it. A refused transfer moved no money: it ends the attempt, not the session, which still
 * pays at most once (each attempt has its own `payment_token`, the transfer's idempotency key).
 */
export const FUNNEL_STATES = [
  'choosing_bank',
  'logging_in',
  'second_factor',
  'choosing_account',
  'confirming',
  'transferring',
  'needs_review',
  'leaving_for_bank',
  'authorizing_at_bank',
  'returned_from_bank',
  'awaiting_transfer',
  'attempt_failed',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
] as const;
export type FunnelState = (typeof FUNNEL_STATES)[number];

export const FUNNEL_EVENTS = [
  'choose_bank',
  'change_bank',
  'choose_open_finance_bank',
  'authorization_started',
  'returned_from_bank',
  'login_succeeded',
  'login_rejected',
  'login_attempts_exhausted',
  'attempt_failed',
  'second_factor_passed',
  'account_chosen',
  'transfer_submitted',
  'transfer_completed',
  'transfer_refused',
  'transfer_rejected',
  'transfer_lost',
  'review_paid',
  'review_not_paid',
  'choose_direct_transfer',
  'movement_matched',
  'cancel',
  'expire',
] as const;
export type FunnelEvent = (typeof FUNNEL_EVENTS)[number];

/** The states a payer can still walk away from (cancel) or the clock can end (expire). */
const OPEN: readonly FunnelState[] = [
  'choosing_bank',
  'logging_in',
  'second_factor',
  'choosing_account',
  'confirming',
  'attempt_failed',
  // Open finance: until the payment order is recorded no money can move, so the payer may walk away.
  'leaving_for_bank',
  'authorizing_at_bank',
  'returned_from_bank',
  // Direct transfer: Puente moves no money; a transfer arriving after the payment ended goes to review.
  'awaiting_transfer',
];
/** Open-finance states where the bank's side of the attempt can fail (unavailable, consent refused). */
const AT_BANK: readonly FunnelState[] = ['leaving_for_bank', 'authorizing_at_bank', 'returned_from_bank'];
const WITH_BANK_SESSION: readonly FunnelState[] = ['second_factor', 'choosing_account', 'confirming'];
/** A bank is chosen and no transfer was sent: the payer may still go back and choose another bank. */
const BEFORE_TRANSFER: readonly FunnelState[] = ['logging_in', ...WITH_BANK_SESSION];

/** event → (from state → to state). The only place transitions are defined. */
const TABLE: Record<FunnelEvent, Partial<Record<FunnelState, FunnelState>>> = {
  choose_bank: { choosing_bank: 'logging_in', attempt_failed: 'logging_in' },
  /** "Elegir otro banco" before the transfer: back to the bank choice; the next bank is a new attempt. */
  change_bank: from(BEFORE_TRANSFER, 'choosing_bank'),
  choose_open_finance_bank: { choosing_bank: 'leaving_for_bank', attempt_failed: 'leaving_for_bank' },
  /** The consent was created and the authorisation pushed; again from the bank's page (a new request). */
  authorization_started: {
    leaving_for_bank: 'authorizing_at_bank',
    authorizing_at_bank: 'authorizing_at_bank',
  },
  returned_from_bank: { authorizing_at_bank: 'returned_from_bank' },
  login_succeeded: { logging_in: 'second_factor' },
  login_rejected: { logging_in: 'logging_in' },
  login_attempts_exhausted: { logging_in: 'failed' },
  attempt_failed: {
    logging_in: 'attempt_failed',
    ...from(WITH_BANK_SESSION, 'attempt_failed'),
    ...from(AT_BANK, 'attempt_failed'),
  },
  second_factor_passed: { second_factor: 'choosing_account' },
  // From `attempt_failed`: another of the accounts the bank listed, after it refused the transfer.
  account_chosen: { choosing_account: 'confirming', attempt_failed: 'confirming' },
  /** From `returned_from_bank`: the payer authorised the consent at the bank; the order goes next. */
  transfer_submitted: { confirming: 'transferring', returned_from_bank: 'transferring' },
  // From `needs_review` too: a bank that books a transfer late settles it by itself.
  transfer_completed: { transferring: 'succeeded', needs_review: 'succeeded' },
  /** The bank refused the transfer (no money moved): the attempt ends, the payer may try again. */
  transfer_refused: { transferring: 'attempt_failed' },
  /** The bank refused the transfer after it had been lost from sight: no money moved, the payment ends. */
  transfer_rejected: { needs_review: 'failed' },
  /** The bank has not seen the transfer long after it was sent: an operator must check (it may book late). */
  transfer_lost: { transferring: 'needs_review' },
  /** An operator checked with the bank: the money moved. */
  review_paid: { needs_review: 'succeeded' },
  /** An operator checked with the bank: no money moved. */
  review_not_paid: { needs_review: 'failed' },
  /** The payer will transfer from their own bank to the merchant's collecting account (a new attempt). */
  choose_direct_transfer: { choosing_bank: 'awaiting_transfer', attempt_failed: 'awaiting_transfer' },
  /** A movement of the merchant's statement was matched to this payment (automatically or by an operator). */
  movement_matched: { awaiting_transfer: 'succeeded' },
  cancel: from(OPEN, 'cancelled'),
  expire: from(OPEN, 'expired'),
};

function from(states: readonly FunnelState[], to: FunnelState): Partial<Record<FunnelState, FunnelState>> {
  return Object.fromEntries(states.map((state) => [state, to]));
}

/** The next state, or null when `event` is not allowed in `state`. */
export function transition(state: FunnelState, event: FunnelEvent): FunnelState | null {
  return TABLE[event][state] ?? null;
}

/** The merchant-visible status of a funnel state. */
export function statusOf(state: FunnelState): PaymentStatus {
  switch (state) {
    case 'succeeded':
      return 'success';
    case 'failed':
      return 'error';
    case 'cancelled':
      return 'cancelled';
    case 'expired':
      return 'expired';
    case 'choosing_bank':
    case 'logging_in':
    case 'second_factor':
    case 'choosing_account':
    case 'confirming':
    case 'transferring':
    case 'needs_review':
    case 'leaving_for_bank':
    case 'authorizing_at_bank':
    case 'returned_from_bank':
    case 'awaiting_transfer':
    case 'attempt_failed':
      return 'pending';
    default:
      return exhaustive(state);
  }
}

/**
 * How far the payer got once `event` happened (`payment_step`), or null when the event does not move the
 * step forward (a failure keeps the step the payer had reached).
 */
export function stepAfter(event: FunnelEvent): PaymentStep | null {
  switch (event) {
    case 'choose_bank':
    case 'choose_open_finance_bank':
      return 'bank_selected';
    case 'login_succeeded':
      return 'logged_in';
    case 'second_factor_passed':
      return 'second_factor_passed';
    case 'account_chosen':
      return 'account_selected';
    case 'transfer_submitted':
      return 'transfer_submitted';
    case 'choose_direct_transfer':
      return 'awaiting_transfer';
    case 'transfer_completed':
    case 'review_paid':
    case 'movement_matched':
      return 'transfer_confirmed';
    case 'change_bank':
    case 'authorization_started':
    case 'returned_from_bank':
    case 'login_rejected':
    case 'login_attempts_exhausted':
    case 'attempt_failed':
    case 'transfer_refused':
    case 'transfer_rejected':
    case 'transfer_lost':
    case 'review_not_paid':
    case 'cancel':
    case 'expire':
      return null;
    default:
      return exhaustive(event);
  }
}

export function isFinalState(state: FunnelState): boolean {
  return statusOf(state) !== 'pending';
}

function exhaustive(value: never): never {
  throw new Error(`unhandled ${String(value)}`);
}
