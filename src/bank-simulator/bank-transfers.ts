import type { TransferRecipient } from './accounts.ts';
import { remainingToday } from './accounts.ts';
import type { BankSessions } from './bank-sessions.ts';
import type { Ledger } from './ledger.ts';
import type { ResolvedSimulatorOptions } from './options.ts';
import type { TestPayer } from './test-payers.ts';

export type RejectionReason =
  | 'insufficient_funds'
  | 'daily_limit_exceeded'
  | 'account_blocked'
  | 'rejected_by_bank';

export interface TransferRequest {
  sessionId: string;
  accountId: string;
  amount: number;
  /** At this bank or another one: the credit shows in the recipient's bank's statement. */
  recipient: TransferRecipient;
  idempotencyKey: string;
  description: string;
}

/** What the bank remembers of a transfer, by its idempotency key. */
export interface TransferRecord {
  idempotencyKey: string;
  reference: string;
  status: 'completed' | 'pending' | 'rejected';
  reason: RejectionReason | null;
  amount: number;
  accountId: string;
  recipient: TransferRecipient;
  payerRut: string;
  description: string;
  createdAt: Date;
  /** When a pending transfer is confirmed and booked (or refused, when `settlesAs` says so). */
  settlesAt: number | null;
  settlesAs?: 'completed' | 'rejected';
}

export type TransferAnswer =
  | { result: 'transfer'; transfer: TransferRecord }
  | { result: 'session_expired' }
  | { result: 'unknown_account' }
  /** The key was used before for a different transfer: refused, nothing done. */
  | { result: 'idempotency_conflict' };

/**
 * Transfers of one simulated bank. `transfer` runs without any await between looking up the key and
 * recording the result, so concurrent requests with one key cannot both move money.
 */
export class BankTransfers {
  #byKey = new Map<string, TransferRecord>();
  #pending: TransferRecord[] = [];
  #sequence = 0;

  constructor(
    private readonly sessions: BankSessions,
    private readonly ledger: Ledger,
    private readonly options: ResolvedSimulatorOptions,
  ) {}

  transfer(request: TransferRequest, now: number): TransferAnswer {
    this.settleDue(now);
    const known = this.#byKey.get(request.idempotencyKey);
    if (known) {
      const same =
        known.amount === request.amount &&
        known.accountId === request.accountId &&
        sameRecipient(known.recipient, request.recipient);
      return same ? { result: 'transfer', transfer: known } : { result: 'idempotency_conflict' };
    }
    const session = this.sessions.session(request.sessionId, now);
    if (session?.factor !== 'passed') return { result: 'session_expired' };
    return this.#execute(request, session.payer, now, 'completed');
  }

  /**
   * A transfer the payer authorised at the bank (open finance: a consent, not a bank session), from one of
   * `payer`'s accounts. Same ledger, same idempotency keys as `transfer`: one key never moves money twice,
   * whichever flow sent it. `pendingSettlesAs: 'rejected'` makes a transfer held as pending and later
   * refused (fault injection), giving the payer's money back.
   */
  transferAuthorised(
    request: Omit<TransferRequest, 'sessionId'>,
    payer: TestPayer,
    now: number,
    pendingSettlesAs: 'completed' | 'rejected' = 'completed',
  ): TransferAnswer {
    this.settleDue(now);
    const known = this.#byKey.get(request.idempotencyKey);
    if (known) {
      const same =
        known.amount === request.amount &&
        known.accountId === request.accountId &&
        sameRecipient(known.recipient, request.recipient);
      return same ? { result: 'transfer', transfer: known } : { result: 'idempotency_conflict' };
    }
    return this.#execute(request, payer, now, pendingSettlesAs);
  }

  #execute(
    request: Omit<TransferRequest, 'sessionId'>,
    payer: TestPayer,
    now: number,
    pendingSettlesAs: 'completed' | 'rejected',
  ): TransferAnswer {
    const account = this.sessions.accounts({ payer }).find((candidate) => candidate.id === request.accountId);
    if (!account) return { result: 'unknown_account' };

    const record: TransferRecord = {
      idempotencyKey: request.idempotencyKey,
      reference: `${this.sessions.profile.referencePrefix}-${String(++this.#sequence).padStart(8, '0')}`,
      status: 'completed',
      reason: null,
      amount: request.amount,
      accountId: account.id,
      recipient: { ...request.recipient },
      payerRut: account.holderRut,
      description: request.description,
      createdAt: new Date(now),
      settlesAt: null,
    };
    const reject = (reason: RejectionReason) => {
      record.status = 'rejected';
      record.reason = reason;
    };
    const { scenario } = payer;
    if (account.blocked) reject('account_blocked');
    else if (scenario === 'transfer_rejected') reject('rejected_by_bank');
    else if (account.balance < request.amount) reject('insufficient_funds');
    else if (remainingToday(account, new Date(now)) < request.amount) reject('daily_limit_exceeded');
    else {
      // The payer's money leaves (or is held) now; the recipient is credited when the transfer is booked.
      account.balance -= request.amount;
      account.spent.amount += request.amount;
      if (scenario === 'pending_then_confirmed' || pendingSettlesAs === 'rejected') {
        record.status = 'pending';
        record.settlesAt = now + this.options.pendingConfirmationDelayMs;
        record.settlesAs = pendingSettlesAs;
        this.#pending.push(record);
      } else {
        this.#book(record, now);
      }
    }
    this.#byKey.set(record.idempotencyKey, record);
    return { result: 'transfer', transfer: record };
  }

  status(idempotencyKey: string, now: number): TransferRecord | null {
    this.settleDue(now);
    return this.#byKey.get(idempotencyKey) ?? null;
  }

  /** Confirms the pending transfers whose time has come (checked on every call, so no timers are left). */
  settleDue(now: number): void {
    if (this.#pending.length === 0) return;
    const stillPending: TransferRecord[] = [];
    for (const record of this.#pending) {
      if ((record.settlesAt ?? 0) <= now && record.settlesAs === 'rejected') {
        // Refused after being held: the payer's money comes back, nothing is booked.
        record.status = 'rejected';
        record.reason = 'rejected_by_bank';
        const account = this.sessions.accountsByRut
          .get(record.payerRut)
          ?.find((candidate) => candidate.id === record.accountId);
        if (account) {
          account.balance += record.amount;
          account.spent.amount -= record.amount;
        }
      } else if ((record.settlesAt ?? 0) <= now) {
        record.status = 'completed';
        this.#book(record, record.settlesAt ?? now);
      } else {
        stillPending.push(record);
      }
    }
    this.#pending = stillPending;
  }

  reset(): void {
    this.#byKey.clear();
    this.#pending = [];
    this.#sequence = 0;
  }

  /** Books the transfer: this bank's payer account is debited, the recipient credited at its own bank. */
  #book(record: TransferRecord, at: number): void {
    this.ledger.append(
      {
        debitBank: this.sessions.profile.code,
        reference: record.reference,
        idempotencyKey: record.idempotencyKey,
        debitAccount: record.accountId,
        amount: record.amount,
        payerRut: record.payerRut,
        description: record.description,
        bookedAt: new Date(at),
      },
      record.recipient,
    );
  }
}

function sameRecipient(a: TransferRecipient, b: TransferRecipient): boolean {
  return a.bank === b.bank && a.account === b.account;
}
