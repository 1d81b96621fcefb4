import type { BankCode } from './banks.ts';
import { parsePesos } from './money.ts';
import { parseRut, type Rut } from './rut.ts';

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
  return wordsOfShape(description, REFERENCE_SHAPE);
}

/**
 * The words of a statement comment, in capitals, that have `shape` whole: the comment is cut at every
 * non-alphanumeric, and each word, and each pair of neighbouring words (a bank or a payer that split it),
 * is a candidate.
 */
export function wordsOfShape(description: string, shape: RegExp): string[] {
  const words = description
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const found = new Set<string>();
  words.forEach((word, index) => {
    if (shape.test(word)) found.add(word);
    const pair = word + (words[index + 1] ?? '');
    if (index + 1 < words.length && shape.test(pair)) found.add(pair);
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

export const MOVEMENT_FIELDS = [
  'id',
  'date',
  'amount',
  'description',
  'payer_rut',
  'payer_name',
  'payer_bank',
] as const;
export type MovementField = (typeof MOVEMENT_FIELDS)[number];

/** `2026-12-01`, `01-12-2026` or `01/12/2026` (day first, as Chilean statements write it) → `2026-12-01`. */
export function parseMovementDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text.trim());
  const chilean = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s.*)?$/.exec(text.trim());
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : chilean
      ? [chilean[3], chilean[2]?.padStart(2, '0'), chilean[1]?.padStart(2, '0')]
      : [];
  if (!year || !month || !day) return null;
  const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${year}-${month}-${day}`
    ? null
    : `${year}-${month}-${day}`;
}

/**
 * An amount as a statement file writes it: `15000`, `15.000` or `$ 15.000` (dots group thousands: pesos
 * have no decimals), or a number. The API takes only what `parsePesos` takes.
 */
export function parseStatementAmount(value: unknown): number | null {
  if (typeof value === 'number') return parsePesos(value);
  if (typeof value !== 'string') return null;
  const compact = value.replace(/[$\s]/g, '');
  if (/^\d{1,3}(\.\d{3})+$/.test(compact)) return parsePesos(compact.replaceAll('.', ''));
  return parsePesos(compact);
}

const optionalText = (value: unknown, max: number): string | null => {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text.slice(0, max);
};

/**
 * One movement from its fields, or the first field that is wrong. `statementAmounts` reads amounts as
 * statement files write them (`15.000`); the API's are strict.
 */
export function parseMovement(
  raw: Partial<Record<MovementField, unknown>>,
  options: { statementAmounts?: boolean } = {},
): { movement: Movement } | { field: MovementField; message: string } {
  const id = optionalText(raw.id, 200);
  if (!id) return { field: 'id', message: 'is required' };
  const date = typeof raw.date === 'string' ? parseMovementDate(raw.date) : null;
  if (!date) return { field: 'date', message: 'must be a date (YYYY-MM-DD or DD-MM-YYYY)' };
  const amount = options.statementAmounts ? parseStatementAmount(raw.amount) : parsePesos(raw.amount);
  if (amount === null) return { field: 'amount', message: 'must be a positive whole number of pesos' };
  const rutText = optionalText(raw.payer_rut, 20);
  const payerRut = rutText ? parseRut(rutText) : null;
  if (rutText && !payerRut) return { field: 'payer_rut', message: 'must be a valid RUT' };
  return {
    movement: {
      id,
      date,
      amount,
      description: optionalText(raw.description, 500) ?? '',
      payerRut,
      payerName: optionalText(raw.payer_name, 200),
      payerBank: optionalText(raw.payer_bank, 100),
    },
  };
}
