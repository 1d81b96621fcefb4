/**
 * Chilean RUT (Rol Único Tributario): a body of up to 8 digits and a check digit (0-9 or K) computed
 * with the modulo-11 algorithm. Accepts the common written forms `12.345.678-5`, `12345678-5` and
 * `123456785`, with `k` in either case, and normalises them to `12345678-5`.
 */
export type Rut = string & { readonly __brand: 'Rut' };

const RUT_SHAPE = /^(\d{1,2}(?:\.?\d{3}){2}|\d{1,8})-?([\dkK])$/;

export function rutCheckDigit(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let index = body.length - 1; index >= 0; index--) {
    sum += Number(body[index]) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const digit = 11 - (sum % 11);
  if (digit === 11) return '0';
  if (digit === 10) return 'K';
  return String(digit);
}

/** Returns the normalised RUT, or `null` when the text is not a RUT or its check digit is wrong. */
export function parseRut(text: string): Rut | null {
  const match = RUT_SHAPE.exec(text.trim());
  if (!match) return null;
  const body = (match[1] ?? '').replaceAll('.', '').replace(/^0+/, '');
  const given = (match[2] ?? '').toUpperCase();
  if (body.length === 0 || Number(body) < 1_000) return null;
  if (rutCheckDigit(body) !== given) return null;
  return `${body}-${given}` as Rut;
}

/** `12345678-5` → `12.345.678-5`, the way Chileans write it. */
export function formatRut(rut: Rut): string {
  const [body = '', digit = ''] = rut.split('-');
  return `${body.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}-${digit}`;
}
