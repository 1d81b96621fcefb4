import type { BankCode } from '../domain/banks.ts';
import type { RecipientAccount, TransferRecipient } from './accounts.ts';

/**
 * One movement of money: `amount` pesos from a payer's account at `debitBank` to a recipient account at
 * `bank` (the same bank, or another one: an interbank transfer), booked once.
 */
export interface LedgerEntry {
  sequence: number;
  /** The recipient's bank: the credit shows in its statement of `creditAccount`. */
  bank: BankCode;
  /** The payer's bank, which executed the transfer. */
  debitBank: BankCode;
  reference: string;
  idempotencyKey: string;
  debitAccount: string;
  creditAccount: string;
  amount: number;
  payerRut: string;
  description: string;
  bookedAt: Date;
}

/**
 * The simulator's book of every bank: the truth of what moved. Entries are only ever appended; a payment
 * is a success exactly when one entry exists for its idempotency key. Recipient accounts are opened at
 * their own bank on their first credit, from whichever bank it came.
 */
export class Ledger {
  #entries: LedgerEntry[] = [];
  #byCreditAccount = new Map<string, LedgerEntry[]>();
  #recipients = new Map<string, RecipientAccount>();

  /** Books a credit of `recipient` (at `recipient.bank`) paid from an account of `entry.debitBank`. */
  append(
    entry: Omit<LedgerEntry, 'sequence' | 'bank' | 'creditAccount'>,
    recipient: TransferRecipient,
  ): LedgerEntry {
    const booked: LedgerEntry = {
      sequence: this.#entries.length + 1,
      ...entry,
      bank: recipient.bank,
      creditAccount: recipient.account,
    };
    this.#entries.push(booked);
    const key = `${recipient.bank}\u0000${recipient.account}`;
    const credits = this.#byCreditAccount.get(key) ?? [];
    credits.push(booked);
    this.#byCreditAccount.set(key, credits);
    const account = this.#recipients.get(key) ?? { ...recipient, balance: 0, openedAt: entry.bookedAt };
    account.balance += entry.amount;
    this.#recipients.set(key, account);
    return booked;
  }

  /** Every entry, or those of one bank: credited there or paid from there. */
  entries(bank?: BankCode): LedgerEntry[] {
    return bank
      ? this.#entries.filter((entry) => entry.bank === bank || entry.debitBank === bank)
      : [...this.#entries];
  }

  /** The recipient accounts opened so far (of one bank), with what they received. */
  recipients(bank?: BankCode): RecipientAccount[] {
    return [...this.#recipients.values()].filter((account) => !bank || account.bank === bank);
  }

  /** Credits received by one account at one bank, newest first. */
  credits(bank: BankCode, account: string): LedgerEntry[] {
    return [...(this.#byCreditAccount.get(`${bank}\u0000${account}`) ?? [])].reverse();
  }

  reset(): void {
    this.#entries = [];
    this.#byCreditAccount = new Map();
    this.#recipients = new Map();
  }
}
