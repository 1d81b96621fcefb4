import type { BankCode } from '../domain/banks.ts';
import type { Rut } from '../domain/rut.ts';
import type { BankProfile } from './bank-profiles.ts';
import { SANDBOX_BALANCE, SANDBOX_DAILY_LIMIT, type TestPayer } from './test-payers.ts';

/** A payer's account at a simulated bank. */
export interface PayerAccount {
  id: string;
  bank: BankCode;
  /** The full account number; only its last four digits ever reach the payer's screen. */
  number: string;
  type: string;
  holderRut: Rut;
  balance: number;
  dailyLimit: number;
  /** Pesos sent today (Chilean calendar day), reset when the day changes. */
  spent: { day: string; amount: number };
  blocked: boolean;
}

/** Where a transfer goes: an account at any bank (an interbank transfer when it is not the payer's bank). */
export interface TransferRecipient {
  bank: BankCode;
  /** `corriente`, `vista`, `ahorro`, `rut`; null when the order did not say (an intrabank transfer). */
  accountType: string | null;
  account: string;
  name: string;
  rut: string;
}

/** An account that receives transfers, opened at its bank on its first credit, as the payer named it. */
export interface RecipientAccount extends TransferRecipient {
  balance: number;
  openedAt: Date;
}

const CHILE_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago' });

// Formatting with a time zone is slow for a hot path; the day is computed once per minute.
let cachedMinute = -1;
let cachedDay = '';

/** The Chilean calendar day a daily limit counts in, e.g. `2026-11-26`. */
export function chileanDay(at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    cachedDay = CHILE_DAY.format(at);
  }
  return cachedDay;
}

/**
 * The accounts a payer has at a bank, opened on their first login. Numbers are derived from the RUT so
 * the same payer sees the same accounts after a reset, and the three accounts of test payer 77.777.777-7
 * end in different digits.
 */
export function openPayerAccounts(profile: BankProfile, bankIndex: number, payer: TestPayer): PayerAccount[] {
  const body = Number(payer.rut.split('-')[0]);
  const count = payer.scenario === 'three_accounts' ? 3 : 1;
  const today = chileanDay(new Date());
  return Array.from({ length: count }, (_, index) => {
    const ordinal = index + 1;
    const number = String((body * 7_919 + ordinal * 104_729 + bankIndex * 13) % 10_000_000_000).padStart(
      10,
      '0',
    );
    return {
      id: `${profile.referencePrefix.toLowerCase()}-${payer.rut}-${ordinal}`,
      bank: profile.code,
      number,
      type: profile.accountTypes[index] ?? 'Cuenta Corriente',
      holderRut: payer.rut,
      balance: payer.scenario === 'insufficient_funds' ? 0 : SANDBOX_BALANCE,
      // Test payer 99.999.999-9 has already used up today's limit, whatever the amount.
      dailyLimit: payer.scenario === 'over_daily_limit' ? 0 : SANDBOX_DAILY_LIMIT,
      spent: { day: today, amount: 0 },
      blocked: false,
    };
  });
}

/** Pesos the account may still send today. */
export function remainingToday(account: PayerAccount, now: Date): number {
  const day = chileanDay(now);
  if (account.spent.day !== day) account.spent = { day, amount: 0 };
  return account.dailyLimit - account.spent.amount;
}
