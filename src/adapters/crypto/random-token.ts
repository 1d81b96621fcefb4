import { randomFillSync } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Bytes from the CSPRNG, drawn a few kilobytes at a time: one call into OpenSSL serves dozens of tokens
 * instead of one (a session create needs two tokens and an IV, and the call, not the bytes, is what costs).
 * Each byte is handed out once and wiped from the pool, which is refilled when used up. This is what
 * `crypto.randomUUID` does with its own cache.
 */
const pool = Buffer.alloc(4096);
let next = pool.length;

function randomByte(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const byte = pool[next] as number;
  pool[next++] = 0;
  return byte;
}

/** `size` bytes from the CSPRNG (through the pool): for IVs and other small random values. */
export function randomBytesFromPool(size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  for (let index = 0; index < size; index++) bytes[index] = randomByte();
  return bytes;
}

/**
 * `length` characters of `alphabet` (default `[A-Za-z0-9]`) from the CSPRNG, each uniformly chosen: bytes
 * at or above the largest multiple of the alphabet's size are dropped (rejection sampling), so no
 * character is more likely than another.
 */
export function randomToken(length = 64, alphabet = ALPHANUMERIC): string {
  const limit = 256 - (256 % alphabet.length);
  let token = '';
  while (token.length < length) {
    const byte = randomByte();
    if (byte < limit) token += alphabet[byte % alphabet.length];
  }
  return token;
}
