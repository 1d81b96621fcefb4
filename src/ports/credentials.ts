/**
 * The secrets Puente hands out and later checks: tokens (merchant API tokens, operator session tokens, CSRF
 * tokens, codes), stored only as a hash, and operator passwords, stored only as a slow salted hash. Use
 * cases make and check credentials through this port; the adapter (`NodeCredentials`) decides the
 * algorithms, so the stored forms can change in one place.
 *
 * @example
 *   const apiToken = credentials.newToken(); // shown to the merchant once, never stored in clear
 *   await merchants.replaceTokenHash(code, credentials.hashToken(apiToken));
 *   const merchant = await merchants.findByTokenHash(credentials.hashToken(given));
 *
 *   const passwordHash = await credentials.hashPassword(password);
 *   const ok = await credentials.verifyPassword(given, operator?.passwordHash ?? null);
 */
export interface Credentials {
  /**
   * A new random token: `length` characters (64 by default) of `alphabet` (`[A-Za-z0-9]` by default) from
   * the CSPRNG, each character equally likely.
   */
  newToken(length?: number, alphabet?: string): string;
  /**
   * The stored form of a token. The same token always gives the same hash, so a token is found by its hash
   * (an index probe whose timing says nothing about the token). Only for long random tokens: it does no
   * stretching, so never for passwords.
   */
  hashToken(token: string): Buffer;
  /** The stored form of a password: salted and deliberately slow, its parameters kept inside it. */
  hashPassword(password: string): Promise<string>;
  /**
   * Whether `password` is the one `stored` was made from. With `stored` null (no such account) it does the
   * same work and answers false, so neither the answer nor its timing tells which accounts exist.
   */
  verifyPassword(password: string, stored: string | null): Promise<boolean>;
  /** Whether `stored` was made at a weaker cost than today's (to be replaced at the next successful login). */
  needsRehash(stored: string): boolean;
}
