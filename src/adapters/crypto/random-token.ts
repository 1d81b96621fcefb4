import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` characters of `alphabet` (default `[A-Za-z0-9]`) from the CSPRNG, each uniformly chosen: bytes
 * at or above the largest multiple of the alphabet's size are dropped (rejection sampling), so no
 * character is more likely than another.
 */
export function randomToken(length = 64, alphabet = ALPHANUMERIC): string {
  const limit = 256 - (256 % alphabet.length);
  let token = '';
  while (token.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue;
      token += alphabet[byte % alphabet.length];
      if (token.length === length) break;
    }
  }
  return token;
}
