import type { BankCode } from './banks.ts';
import type { Rut } from './rut.ts';

/**
 * Direct transfer (docs/direct-transfer.md): the payer transfers from any bank's own app to the merchant's
 * collecting account, writing a short reference in the transfer's comment; Puente confirms the payment when
 * the movement appears in the merchant's statement.
 */

/** Account types as Chilean banks name them in a transfer form. */
export const ACCOUNT_TYPES = ['corriente', 'vista', 'ahorro', 'rut'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Where a merchant collects direct transfers. Personal data of the holder, not a secret. */
export interface CollectingAccount {
  merchantId: number;
  bankCode: BankCode;
  accountType: AccountType;
  accountNumber: string;
  holderName: string;
  holderRut: Rut;
  /** Where the payer is told to send the transfer's e-mail notice (banks ask for one). */
  notificationEmail: string;
  /** Whether payers are offered "Transferir desde cualquier banco". */
  enabled: boolean;
  /** How long a direct-transfer payment stays open once the payer chose it. */
  windowHours: number;
}

export const DEFAULT_WINDOW_HOURS = 48;

/**
 * The reference alphabet: no 0/O and no 1/I, so a reference read aloud or typed from a phone screen cannot
 * be mistaken; 32 symbols, so a random byte maps onto it without bias (`byte & 31`).
 */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const REFERENCE_LENGTH = 6;

/** A new reference from `REFERENCE_LENGTH` random bytes (32^6 ≈ 10^9 references per merchant). */
export function referenceFrom(randomBytes: Uint8Array): string {
  if (randomBytes.length < REFERENCE_LENGTH) throw new Error('not enough random bytes for a reference');
  let reference = '';
  for (let index = 0; index < REFERENCE_LENGTH; index++) {
    reference += REFERENCE_ALPHABET[(randomBytes[index] as number) & 31];
  }
  return reference;
}

const REFERENCE_SHAPE = new RegExp(`^[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`);

/**
 * The references a transfer comment may hold. Payers type them in any case and sometimes split them
 * (`k7m-q2x`, `K7M Q2X`): the comment is cut at every non-alphanumeric, and each word, and each pair of
 * neighbouring words, that has a reference's shape is a candidate. A reference inside a longer word is not
 * one (`XK7MQ2XY` is not `K7MQ2X`), so an order number or an account number cannot match by chance.
 */
export function referencesIn(description: string): string[] {
  const words = description.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  const found = new Set<string>();
  words.forEach((word, index) => {
    if (REFERENCE_SHAPE.test(word)) found.add(word);
    const pair = word + (words[index + 1] ?? '');
    if (index + 1 < words.length && REFERENCE_SHAPE.test(pair)) found.add(pair);
  });
  return [...found];
}

/** One credit of a merchant's statement, as `POST /merchant/movements` and statement files give it. */
export interface Movement {
  /** The bank's own id of the movement (or one derived from the row when the bank gives none). */
  id: string;
  /** The booking day, `YYYY-MM-DD`. */
  date: string;
  /** Integer pesos, positive: only credits are movements. */
  amount: number;
  description: string;
  payerRut: Rut | null;
  payerName: string | null;
  payerBank: string | null;
}
