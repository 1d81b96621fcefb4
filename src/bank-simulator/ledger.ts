import type { BankCode } from '../domain/banks.ts';

/** One movement of money: `amount` pesos from a payer's account to a recipient account, booked once. */
export interface LedgerEntry {
  sequence: number;
  bank: BankCode;
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
 * is a success exactly when one entry exists for its idempotency key.
 */
export class Ledger {
  #entries: LedgerEntry[] = [];
  #byCreditAccount = new Map<string, LedgerEntry[]>();

  append(entry: Omit<LedgerEntry, 'sequence'>): LedgerEntry {
    const booked = { sequence: this.#entries.length + 1, ...entry };
    this.#entries.push(booked);
    const key = `${entry.bank}\u0000${entry.creditAccount}`;
    const credits = this.#byCreditAccount.get(key) ?? [];
    credits.push(booked);
    this.#byCreditAccount.set(key, credits);
    return booked;
  }

  entries(bank?: BankCode): LedgerEntry[] {
    return bank ? this.#entries.filter((entry) => entry.bank === bank) : [...this.#entries];
  }

  /** Credits received by one account at one bank, newest first. */
  credits(bank: BankCode, account: string): LedgerEntry[] {
    return [...(this.#byCreditAccount.get(`${bank}\u0000${account}`) ?? [])].reverse();
  }

  reset(): void {
    this.#entries = [];
    this.#byCreditAccount = new Map();
  }
}
