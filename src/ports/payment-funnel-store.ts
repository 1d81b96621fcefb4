import type { BankCode } from '../domain/banks.ts';
import type { FunnelChanges, FunnelStep, FunnelView } from '../domain/funnel.ts';
import type { PaymentEvent } from './payment-events.ts';

export type { FunnelChanges, FunnelRecord, FunnelView } from '../domain/funnel.ts';

/** What writing a step came to. */
export type StepWritten =
  /** Written, with everything that goes with it. */
  | 'applied'
  /** Nothing written: the funnel is no longer at the version the step was decided on. */
  | 'moved'
  /** Nothing written: another session of the order holds the order's claim. */
  | 'order_claimed';

/** A step's write: what it came to, and the webhook delivery it wrote under `alongside.claim`, if any. */
export interface StepWrite {
  written: StepWritten;
  /** The id of the delivery written `delivering` under the claim (null: none, e.g. not a final step). */
  claimedDelivery: number | null;
}

/** What is written with a step: see `PaymentFunnelStore.write`. */
export interface StepAlongside {
  bankCalls: readonly BankCallRecord[];
  event: PaymentEvent | null;
  /** A webhook worker of this process attempts the event's delivery at once (`WebhookHandoff`). */
  claim?: { claimToken: string; leaseMs: number } | null;
}

/** What the request that loads a view names, so a store may answer from what it holds (`load`). */
export interface RecentRead {
  /** The redirect after a step: the funnel version that step wrote (`?v=`). */
  afterStep?: number;
  /** A form's post: the funnel version of the page the form was on (`?f=`). */
  formOf?: number;
  /** The view is drawn as a page whose forms post back here: it may be kept for their post. */
  drawsForms?: boolean;
}

/**
 * The funnel's state in the database, so any instance serves any step. It decides nothing: the use cases
 * decide a step on a view (`decideStep`, the state machine) and hand it to `write`, which persists it as it
 * is — the funnel, the session (status, step, payment_token), the timeline, the order claim and, for a final
 * status, the payment event — in one statement, and only if the funnel is still at the step's version.
 *
 * @example
 *   const step = decideStep(view, { event: 'account_chosen', changes: { accountId } }, mint, new Date());
 *   if (step && (await funnels.write(step, { bankCalls: [], event: null })).written === 'moved') decideAgain();
 */
export interface PaymentFunnelStore {
  /**
   * The session, its merchant and its funnel (at the bank choice, version 0, until a first step writes its
   * row). `recent` says what the request's own URL names, so that a store may answer with a view it already
   * holds instead of reading (`RecentStepFunnelStore`); without it the database is read.
   */
  load(sessionToken: string, recent?: RecentRead): Promise<FunnelView | null>;
  loadById(sessionId: number): Promise<FunnelView | null>;
  /**
   * Writes a decided step in one statement: everything, or nothing when the funnel moved on or the order's
   * claim is held by another session. `bankCalls` are the calls that led to the step (their timeline rows
   * go first); `event` is the notification of the step's final status, signed by the caller; with `claim`,
   * its delivery (if due at once) is written already claimed by this process's worker.
   */
  write(step: FunnelStep, alongside: StepAlongside): Promise<StepWrite>;
  /** Updates transfer bookkeeping of a session still `transferring`, without a state change. */
  updateTransfer(
    sessionId: number,
    changes: Pick<FunnelChanges, 'transferStatus' | 'bankReference' | 'bankPaymentId' | 'transferCheckAt'>,
  ): Promise<void>;
  recordBankCall(entry: BankCallRecord): Promise<void>;
  /**
   * Remembers the merchant origin whose widget opened the payment (not a step: the version stays).
   * The caller has checked it is one of the merchant's frame origins.
   */
  rememberWidgetOrigin(sessionId: number, origin: string): Promise<void>;
  /**
   * Transfers whose answer is due to be asked again, leased to the caller for `leaseSeconds` so that
   * concurrent sweepers (other instances) skip them.
   */
  leaseTransfersToCheck(limit: number, leaseSeconds: number): Promise<TransferToCheck[]>;
  /** Pending sessions past their expiry whose funnel can still expire (not transferring). */
  findExpiredSessions(limit: number): Promise<number[]>;
}

export interface BankCallRecord {
  sessionId: number;
  paymentToken: string | null;
  bankCode: BankCode;
  operation:
    | 'login'
    | 'verify_second_factor'
    | 'list_accounts'
    | 'transfer'
    | 'transfer_status'
    // Open finance: consent + pushed authorisation request, and the code exchange on the way back.
    | 'start_authorization'
    | 'complete_authorization';
  outcome: string;
  durationMs: number;
}

export interface TransferToCheck {
  sessionId: number;
  bankCode: BankCode;
  paymentToken: string;
  transferSubmittedAt: Date;
}
