import type { BankAccount, SecondFactorChallenge } from './bank-account.ts';
import type { BankCode } from './banks.ts';
import { creditorFor } from './creditor.ts';
import type { CollectingAccount } from './direct-transfer.ts';
import type { Merchant } from './merchant.ts';
import {
  type FunnelEvent,
  type FunnelState,
  isFinalState,
  statusOf,
  stepAfter,
  transition,
} from './payment-state-machine.ts';
import type { PaymentSession } from './session.ts';

/** Where one session stands in the funnel. Never holds a password or code. */
export interface FunnelRecord {
  sessionId: number;
  state: FunnelState;
  bankCode: BankCode | null;
  bankHandleSealed: string | null;
  challenge: SecondFactorChallenge | null;
  accounts: BankAccount[] | null;
  accountId: string | null;
  accountLast4: string | null;
  accountType: string | null;
  holderName: string | null;
  loginRut: string | null;
  loginAttempts: number;
  failureReason: string | null;
  csrfSecret: string;
  transferSubmittedAt: Date | null;
  transferStatus: 'submitted' | 'pending' | 'completed' | 'rejected' | 'lost' | null;
  bankReference: string | null;
  /** The bank's id of an open-finance payment, once it answered the order (asked by it after the grant). */
  bankPaymentId: string | null;
  /** Raised by every change: a step applies only to the version it was decided on. */
  version: number;
  /**
   * The merchant origin whose widget opened this payment (one of its frame origins when it was stored):
   * the result goes to that page by `postMessage` instead of a redirect. Null for a plain funnel.
   */
  widgetOrigin: string | null;
}

export interface FunnelView {
  session: PaymentSession;
  merchant: Merchant;
  funnel: FunnelRecord;
  /** The merchant's collecting account as the view was read: where its payments go (null: none registered). */
  collectingAccount: CollectingAccount | null;
}

/** The funnel columns an event may change alongside its state. */
export type FunnelChanges = Partial<
  Pick<
    FunnelRecord,
    | 'bankCode'
    | 'bankHandleSealed'
    | 'challenge'
    | 'accounts'
    | 'accountId'
    | 'accountLast4'
    | 'accountType'
    | 'holderName'
    | 'loginRut'
    | 'failureReason'
    | 'transferSubmittedAt'
    | 'transferStatus'
    | 'bankReference'
    | 'bankPaymentId'
  >
> & { transferCheckAt?: Date | null };

/** The facts an event may be chosen on: they are still true when the step is written. */
export interface FunnelFacts {
  state: FunnelState;
  loginAttempts: number;
}

/** What a use case asks of the funnel: an event and what it changes, with the effects that go with it. */
export interface StepRequest {
  /** The event, or how to choose it on the facts of the version the step is decided on. */
  event: FunnelEvent | ((facts: FunnelFacts) => FunnelEvent);
  changes?: FunnelChanges;
  /**
   * Events applied right after the first one in the same step, each checked against the table (stops at
   * the first not allowed), e.g. `second_factor_passed` then `account_chosen` for one account.
   */
  followedBy?: { event: FunnelEvent; changes?: FunnelChanges }[];
  /** Count a wrong password with the step. */
  countLoginAttempt?: boolean;
  /** Take the order-level claim with the step; the step is refused when another session holds it. */
  claimOrder?: boolean;
  /** Give the order-level claim back (the bank refused or never received the transfer). */
  releaseOrder?: boolean;
  /** Set `user_rut` when the merchant did not send one (the RUT the payer logged in with). */
  userRut?: string;
  /** Moves the session's expiry (a direct transfer stays open for the merchant's window, not the session's). */
  expiresAt?: Date;
  /**
   * The step sends the merchant's money somewhere: refused when the view names no creditor for it, and
   * written only while the merchant's collecting account is still the one the view holds (`pinsCreditor`).
   */
  directsMoney?: boolean;
}

/** One transition of a step, as the timeline records it. */
export interface FunnelTransition {
  name: FunnelEvent;
  from: FunnelState;
  to: FunnelState;
  /** The final status, the payment step reached, the failure reason, or nothing. */
  outcome: string | null;
}

/**
 * A step decided on one version of the funnel: all that is to be written, and the view as it will be once
 * written. The store persists it as it is, and only if the funnel is still at `version`.
 */
export interface FunnelStep {
  sessionId: number;
  /** The funnel version the step was decided on. */
  version: number;
  transitions: FunnelTransition[];
  /** The funnel columns to set besides its state. */
  changes: FunnelChanges;
  countLoginAttempt: boolean;
  claimOrder: boolean;
  releaseOrder: boolean;
  /** The session's new expiry, when the step moves it. */
  expiresAt: Date | null;
  /**
   * Written only if the merchant's collecting account is still `after.collectingAccount` (none, if null):
   * the creditor the step was decided for is the one its money goes to, whatever the merchant changed since
   * the view was read.
   */
  pinsCreditor: boolean;
  /** The session, merchant and funnel as they will be: the session's status, step, token and bank follow. */
  after: FunnelView;
}

/** A transition that starts a new payment attempt, named by a new `payment_token`. */
function startsAttempt(step: { name: FunnelEvent; from: FunnelState }): boolean {
  return (
    step.name === 'choose_bank' ||
    step.name === 'choose_open_finance_bank' ||
    step.name === 'choose_direct_transfer' ||
    (step.name === 'account_chosen' && step.from === 'attempt_failed')
  );
}

/**
 * Decides a step on `view` with the state machine: the event, then any events chained after it, each checked
 * against the table in turn (stopping at the first not allowed). Null when the first is refused, or when the
 * step directs money (`directsMoney`) and the view names no creditor for it. Pure: the new `payment_token`
 * (born when the payer starts with a bank) comes from `mintPaymentToken`, the time from `now`.
 */
export function decideStep(
  view: FunnelView,
  request: StepRequest,
  mintPaymentToken: () => string,
  now: Date,
): FunnelStep | null {
  const { funnel, session } = view;
  const loginAttempts = funnel.loginAttempts + (request.countLoginAttempt ? 1 : 0);
  const first =
    typeof request.event === 'function'
      ? request.event({ state: funnel.state, loginAttempts })
      : request.event;
  const chosen: { name: FunnelEvent; from: FunnelState; to: FunnelState; changes: FunnelChanges }[] = [];
  let state = funnel.state;
  for (const step of [{ event: first, changes: request.changes }, ...(request.followedBy ?? [])]) {
    const next = transition(state, step.event);
    if (!next) break;
    chosen.push({ name: step.event, from: state, to: next, changes: step.changes ?? {} });
    state = next;
  }
  if (chosen.length === 0) return null;
  if (request.directsMoney && !creditorFor(view.merchant, view.collectingAccount)) return null;

  const changes: FunnelChanges = Object.assign({}, ...chosen.map((step) => step.changes));
  // A bank session is of no use once the payment ended: its handle is not kept.
  if (isFinalState(state)) changes.bankHandleSealed = null;
  const { transferCheckAt: _notOnTheRecord, ...recorded } = changes;
  // The payment_token names one attempt: it is born when the payer starts with a bank, and a new one is born
  // for each new attempt (another bank, or another account after a refused transfer), so that each transfer
  // has its own idempotency key.
  const paymentToken = chosen.some(startsAttempt) ? mintPaymentToken() : session.paymentToken;
  const reached = chosen.map((step) => stepAfter(step.name)).filter((step) => step !== null);
  return {
    sessionId: session.id,
    version: funnel.version,
    transitions: chosen.map((step) => ({
      name: step.name,
      from: step.from,
      to: step.to,
      outcome: isFinalState(step.to)
        ? statusOf(step.to)
        : (stepAfter(step.name) ?? step.changes.failureReason ?? null),
    })),
    changes,
    countLoginAttempt: Boolean(request.countLoginAttempt),
    claimOrder: Boolean(request.claimOrder),
    releaseOrder: Boolean(request.releaseOrder),
    expiresAt: request.expiresAt ?? null,
    pinsCreditor: Boolean(request.directsMoney),
    after: {
      merchant: view.merchant,
      collectingAccount: view.collectingAccount,
      session: {
        ...session,
        paymentStatus: statusOf(state),
        paymentStep: reached.at(-1) ?? session.paymentStep,
        paymentToken,
        userBankCode: changes.bankCode ?? session.userBankCode,
        userRut: session.userRut ?? request.userRut ?? null,
        expiresAt: request.expiresAt ?? session.expiresAt,
        updatedAt: now,
      },
      funnel: { ...funnel, ...recorded, state, loginAttempts, version: funnel.version + 1 },
    },
  };
}
