import type { BankAccount, SecondFactorChallenge } from '../domain/bank-account.ts';
import type { BankCode } from '../domain/banks.ts';
import type { Creditor } from '../domain/creditor.ts';

export type { BankAccount, SecondFactorChallenge } from '../domain/bank-account.ts';

/**
 * One bank, as the funnel uses it. Each bank has one adapter behind this port: in sandbox every adapter
 * talks over HTTP to the bank simulator; production adapters for real banks plug into the same port.
 *
 * Rules every adapter keeps:
 * - Passwords, codes and coordinates are passed through to the bank and forgotten: never logged, stored,
 *   put in an error message or returned.
 * - Expected outcomes (wrong password, refused second factor, insufficient funds...) are returned as values;
 *   only programming faults throw.
 * - An answer the adapter cannot classify, a timeout or a 5xx on `transfer` is `{ status: 'unknown' }`:
 *   never success. The caller then asks `transferStatus` with the same idempotency key.
 * - `transfer` is idempotent by `idempotencyKey`: the same key never moves money twice, whatever happens.
 *
 * @example
 *   const login = await bank.login({ rut: '11111111-1', password });
 *   if (login.outcome !== 'ok') return showLoginError(login.outcome);
 *   const factor = await bank.verifySecondFactor(login.handle, { kind: 'code', code: '123456' });
 *   if (factor.outcome === 'passed') {
 *     const result = await bank.transfer({ handle: login.handle, accountId: factor.accounts[0].id,
 *       amount: 50_000, recipient, idempotencyKey: paymentToken, description: 'PTEK7MQ2XAB OC-700104' });
 *   }
 */
export interface BankConnector {
  readonly bankCode: BankCode;

  /** Checks the payer's credentials and opens a bank session; tells which second factor follows. */
  login(input: { rut: string; password: string }): Promise<LoginResult>;

  /**
   * Answers the second factor. For app approval, call with `{ kind: 'app' }` to ask whether the payer has
   * approved yet (`waiting` until then).
   */
  verifySecondFactor(handle: string, answer: SecondFactorAnswer): Promise<SecondFactorResult>;

  /** The payer's accounts that can pay, once the second factor passed. */
  listAccounts(handle: string): Promise<AccountsResult>;

  /** Moves `amount` pesos from the payer's account to the recipient, at most once per idempotency key. */
  transfer(order: TransferOrder): Promise<TransferResult>;

  /** What became of the transfer sent with this key; `not_found` means the bank never received it. */
  transferStatus(idempotencyKey: string): Promise<TransferResult | { status: 'not_found' }>;

  /** Credits received by an account of this bank (by its number), newest first (reconciliation and tests). */
  statement(recipientAccount: string): Promise<StatementEntry[]>;
}

export type SecondFactorAnswer =
  | { kind: 'none' }
  | { kind: 'app' }
  | { kind: 'code'; code: string }
  | { kind: 'coordinates'; values: string[] };

export type BankUnavailable = { outcome: 'unavailable' };

export type LoginResult =
  | { outcome: 'ok'; handle: string; challenge: SecondFactorChallenge; holderName: string }
  | { outcome: 'wrong_password' }
  | { outcome: 'blocked' }
  | BankUnavailable;

export type SecondFactorResult =
  | { outcome: 'passed' }
  | { outcome: 'waiting' }
  | { outcome: 'wrong_answer' }
  | { outcome: 'refused' }
  | { outcome: 'timed_out' }
  | { outcome: 'session_expired' }
  | BankUnavailable;

export type AccountsResult =
  | { outcome: 'ok'; accounts: BankAccount[] }
  | { outcome: 'session_expired' }
  | BankUnavailable;

export interface TransferOrder {
  handle: string;
  accountId: string;
  amount: number;
  /** The merchant's collecting account, at any bank: an interbank transfer when it is not the payer's. */
  recipient: Creditor;
  idempotencyKey: string;
  /** The transfer's comment: Puente's mark, then the merchant's order id (`initiatedTransferText`). */
  description: string;
}

export type TransferRejection = 'insufficient_funds' | 'over_daily_limit' | 'account_blocked' | 'rejected';

export type TransferResult =
  | { status: 'completed'; bankReference: string }
  | { status: 'pending'; bankReference: string | null }
  | { status: 'rejected'; reason: TransferRejection }
  /** No answer that can be trusted (timeout, 5xx, unreadable): follow up with `transferStatus`. */
  | { status: 'unknown' };

export interface StatementEntry {
  bankReference: string;
  idempotencyKey: string;
  amount: number;
  payerRut: string;
  description: string;
  bookedAt: Date;
}

/** One connector per bank code, built in one place. */
export type BankConnectors = (code: BankCode) => BankConnector;
