import { REFERENCE_ALPHABET, wordsOfShape } from './direct-transfer.ts';

/**
 * The mark of a transfer Puente initiates (credentials flow and open finance), written first in its
 * description or remittance reference: `PTE` and 8 symbols of the reference alphabet drawn from a hash of
 * the attempt's payment_token (`PTEK7MQ2XAB`). That credit lands in the merchant's collecting account, the
 * same account direct transfers are paid into; the mark is how reconciliation knows it for Puente's own and
 * never takes it for a direct transfer (docs/direct-transfer.md).
 *
 * First, so that a bank that cuts the text (a UK `Reference` keeps 35 characters) keeps the mark; one word
 * of 11 characters, so it can never be read as a 6-character direct-transfer reference (`referencesIn`
 * takes whole words and pairs of words of exactly 6).
 */
export const MARK_PREFIX = 'PTE';
export const MARK_CODE_LENGTH = 8;

/** The mark from a hash of the payment_token (`sha256`): its first bytes mapped onto the alphabet. */
export function initiationMarkFrom(digest: Uint8Array): string {
  if (digest.length < MARK_CODE_LENGTH) throw new Error('not enough bytes for a mark');
  let code = '';
  for (let index = 0; index < MARK_CODE_LENGTH; index++) {
    code += REFERENCE_ALPHABET[(digest[index] as number) & 31];
  }
  return `${MARK_PREFIX}${code}`;
}

/** The text a Puente-initiated transfer carries: its mark, then the merchant's order id. */
export function initiatedTransferText(mark: string, merchantOrderId: string): string {
  return `${mark} ${merchantOrderId}`;
}

const MARK_SHAPE = new RegExp(`^${MARK_PREFIX}[${REFERENCE_ALPHABET}]{${MARK_CODE_LENGTH}}$`);

/**
 * The marks a statement comment holds, in capitals. As with references, the comment is cut at every
 * non-alphanumeric and each word, and each pair of neighbouring words (a bank that split it:
 * `PTE K7MQ2XAB`), of the mark's shape counts; any case (`pte…`).
 */
export function marksIn(description: string): string[] {
  return wordsOfShape(description, MARK_SHAPE);
}

/**
 * The merchant's order id written after the mark (`initiatedTransferText`), or null when the comment does
 * not start with a mark. A bank may have cut it: it is a hint to find the payment, checked by its mark.
 */
export function orderIdAfterMark(description: string): string | null {
  const match = new RegExp(
    `^\\s*(${MARK_PREFIX}[${REFERENCE_ALPHABET}]{${MARK_CODE_LENGTH}})\\s+(.+)$`,
    'i',
  ).exec(description);
  const orderId = match?.[2]?.trim();
  return orderId ? orderId : null;
}
