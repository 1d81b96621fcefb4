/**
 * Money in Puente is a whole number of Chilean pesos (CLP has no minor unit in use). Amounts arrive from
 * merchants as `50000`, `50000.0` or `"50000"`; anything that is not exactly a positive whole number is
 * refused rather than rounded.
 */
export type Pesos = number & { readonly __brand: 'Pesos' };

// `.0` and `.00` are accepted in text; `50.000` is refused because in Chile it reads as fifty thousand.
const WHOLE_NUMBER_TEXT = /^\s*\d+(?:\.0{1,2})?\s*$/;

/** Returns the amount as whole pesos, or `null` when it is not a positive whole number. */
export function parsePesos(value: unknown): Pesos | null {
  let amount: number;
  if (typeof value === 'number') {
    amount = value;
  } else if (typeof value === 'string' && WHOLE_NUMBER_TEXT.test(value)) {
    amount = Number(value);
  } else {
    return null;
  }
  if (!Number.isSafeInteger(amount) || amount < 1) return null;
  return amount as Pesos;
}

const CLP = new Intl.NumberFormat('es-CL', { maximumFractionDigits: 0 });

/** `50000` → `$50.000`, as Chilean prices are written. */
export function formatPesos(amount: number): string {
  return `$${CLP.format(amount)}`;
}
