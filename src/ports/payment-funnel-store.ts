import type { BankCode } from '../domain/banks.ts';
import type { Merchant } from '../domain/merchant.ts';
import type { FunnelEvent, FunnelState } from '../domain/payment-state-machine.ts';
import type { PaymentSession } from '../domain/session.ts';
import type { BankAccount, SecondFactorChallenge } from './bank-connector.ts';

/** Where one session stands in the funnel (table `payment_funnels`). Never holds a password or code. */
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
  >
> & { transferCheckAt?: Date | null };

export interface ApplyOptions {
  /** Take the order-level claim in the same transaction; refused when another session holds it. */
  claimOrder?: boolean;
  /** Give the order-level claim back (the bank refused or never received the transfer). */
  releaseOrder?: boolean;
  /** Count a wrong password in the same transaction. */
  countLoginAttempt?: boolean;
  /**
   * Events applied right after the first one in the same transaction, each checked against the table
   * (stops at the first not allowed), e.g. `second_factor_passed` then `account_chosen` for one account.
   */
  followedBy?: { event: FunnelEvent; changes?: FunnelChanges }[];
  /** Set `user_rut` when the merchant did not send one (the RUT the payer logged in with). */
  userRut?: string;
  /**
   * The view the caller decided on, as it read it: the step is written if the funnel is still at that
   * version, without reading it again. Without it (or when the funnel moved on since) it is read first.
   */
  from?: FunnelView;
  /** The bank calls that led to this step: their timeline rows are written with it (or alone if refused). */
  bankCalls?: BankCallRecord[];
}

export type ApplyResult =
  | {
      applied: true;
      from: FunnelState;
      to: FunnelState;
      paymentToken: string | null;
      /** The session, merchant and funnel as they are now, for a next step to start `from`. */
      view: FunnelView;
    }
  | { applied: false; state: FunnelState; reason: 'not_allowed' | 'order_claimed' };

/** The facts an event is decided on: they are still true when the step is written. */
export interface FunnelFacts {
  state: FunnelState;
  loginAttempts: number;
}

/**
 * The funnel's state in the database, so any instance serves any step. Every change goes through `apply`,
 * which asks the state machine and writes the funnel, the session (status, step, payment_token), the
 * timeline and — for a final status — the payment event, all at once, and only if the funnel is still
 * where the decision was made (otherwise it decides again on what it finds).
 *
 * @example
 *   const result = await funnels.apply(view.session.id, 'account_chosen', { accountId }, { from: view });
 *   if (!result.applied) return showCurrentStep();
 */
export interface PaymentFunnelStore {
  /** The session, its merchant and its funnel; the funnel row is created on first sight. */
  load(sessionToken: string): Promise<FunnelView | null>;
  loadById(sessionId: number): Promise<FunnelView | null>;
  apply(
    sessionId: number,
    event: FunnelEvent | ((locked: FunnelFacts) => FunnelEvent),
    changes?: FunnelChanges,
    options?: ApplyOptions,
  ): Promise<ApplyResult>;
  /** Updates transfer bookkeeping of a session still `transferring`, without a state change. */
  updateTransfer(
    sessionId: number,
    changes: Pick<FunnelChanges, 'transferStatus' | 'bankReference' | 'transferCheckAt'>,
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
  operation: 'login' | 'verify_second_factor' | 'list_accounts' | 'transfer' | 'transfer_status';
  outcome: string;
  durationMs: number;
}

export interface TransferToCheck {
  sessionId: number;
  bankCode: BankCode;
  paymentToken: string;
  transferSubmittedAt: Date;
}
