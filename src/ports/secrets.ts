import type { Merchant } from '../domain/merchant.ts';
import type { PaymentSession } from '../domain/session.ts';

/**
 * Seals what is kept at rest but must be read back (signature tokens, bank session handles): authenticated
 * encryption under the deployment's key, rotatable without losing open sessions.
 *
 * @example
 *   const sealed = sealer.seal(bankHandle);  // stored
 *   const handle = sealer.open(sealed);      // only in memory, for the next bank call
 */
export interface SecretSealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/**
 * Signs a payment's notification JWT (DESIGN §5): HS256 with the session's own `signature_token`, carrying
 * the session as it is given. Each call is a new event (a new `jti`) unless one is given.
 *
 * @example
 *   const jwt = await signer.sign(session, merchant);  // the redirect's `jwt=`
 */
export interface PaymentJwtSigner {
  sign(
    session: PaymentSession,
    merchant: Pick<Merchant, 'code'>,
    options?: { jti?: string },
  ): Promise<string>;
}
