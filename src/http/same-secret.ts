import { timingSafeEqual } from 'node:crypto';

/** Compares a given secret (CSRF token, bearer token) with the expected one in constant time. */
export function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
