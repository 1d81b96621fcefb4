import type { BankCode } from '../domain/banks.ts';

/** Who is logging in where: the RUT typed, the bank, and the client's address. */
export interface BankLoginKey {
  bankCode: BankCode;
  rut: string;
  clientAddress: string;
}

/**
 * Failed bank logins counted across sessions, for the whole deployment (every instance shares the count),
 * so that Puente cannot be used to try stolen passwords against the banks. A login held back never reaches
 * the bank, whatever the password.
 *
 * @example
 *   const held = await throttle.heldBack(key);
 *   if (held) return 'held_back';            // the bank is not called
 *   const answer = await bank.login(...);
 *   if (answer.outcome === 'wrong_password') await throttle.recordFailure(key);
 */
export interface BankLoginThrottle {
  /** Why this login may not go to the bank now (too many recent failures), or null when it may. */
  heldBack(key: BankLoginKey): Promise<'rut' | 'address' | null>;
  /** Counts a wrong password. */
  recordFailure(key: BankLoginKey): Promise<void>;
}
