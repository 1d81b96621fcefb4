import { createHash } from 'node:crypto';

/** API tokens are long random strings, so one SHA-256 is enough to store them safely (no password stretching). */
export function hashApiToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
