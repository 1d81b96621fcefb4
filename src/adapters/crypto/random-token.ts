import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of `[A-Za-z0-9]` from the CSPRNG, each uniformly chosen (no modulo bias). */
export function randomToken(length = 64, alphabet = ALPHANUMERIC): string {
  let token = '';
  for (let index = 0; index < length; index++) token += alphabet[randomInt(alphabet.length)];
  return token;
}
