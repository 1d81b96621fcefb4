import type { Operator } from './operator-store.ts';

export type SetupTokenState = 'valid' | 'expired' | 'unknown';

/**
 * The one-time setup link that creates a deployment's first operator from the browser, so that nobody has
 * to stop the gateway to run the CLI. There is at most one setup token, kept only as its hash.
 *
 * @example
 *   await setup.replace(credentials.hashToken(token), new Date(Date.now() + 30 * 60_000));
 *   const operator = await setup.createFirstOperator(credentials.hashToken(given), { email, passwordHash });
 *   if (!operator) // the token was wrong, expired or already used, or an operator exists: nothing changed
 */
export interface OperatorSetupStore {
  /** Makes `tokenHash` the only setup token, valid until `expiresAt`: any older one stops working. */
  replace(tokenHash: Buffer, expiresAt: Date): Promise<void>;
  /** Removes the setup token, if any. */
  clear(): Promise<void>;
  /** Whether the setup token with this hash exists, and whether it is still valid. */
  tokenState(tokenHash: Buffer): Promise<SetupTokenState>;
  /**
   * In one transaction: consumes the live setup token with this hash and, if no operator exists yet, creates
   * this one. Answers the new operator, or null when the token was not live or an operator already existed.
   * Of several calls racing with the same token, exactly one can create an operator.
   */
  createFirstOperator(
    tokenHash: Buffer,
    operator: { email: string; passwordHash: string },
  ): Promise<Operator | null>;
}
