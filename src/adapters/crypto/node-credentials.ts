import type { Credentials } from '../../ports/credentials.ts';
import { hashApiToken } from './hash.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from './password-hash.ts';
import { randomToken } from './random-token.ts';

/** Credentials with `node:crypto`: tokens from the CSPRNG hashed with SHA-256, passwords with scrypt. */
export class NodeCredentials implements Credentials {
  newToken(length?: number, alphabet?: string): string {
    return randomToken(length, alphabet);
  }

  hashToken(token: string): Buffer {
    return hashApiToken(token);
  }

  hashPassword(password: string): Promise<string> {
    return hashPassword(password);
  }

  verifyPassword(password: string, stored: string | null): Promise<boolean> {
    return verifyPassword(password, stored ?? DUMMY_PASSWORD_HASH);
  }

  needsRehash(stored: string): boolean {
    return needsRehash(stored);
  }
}
