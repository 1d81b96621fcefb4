import type { KeptAuthorization } from '../../ports/redirect-bank-connector.ts';
import type { SecretSealer } from '../../ports/secrets.ts';

/**
 * What an open-finance attempt keeps in the funnel's sealed bank handle: before the payer comes back, the
 * authorisation in progress (its `state` and PKCE verifier); after, the consent and the access token the
 * payer granted. Both are secrets: sealed at rest, never logged, dropped when the payment ends.
 */
export type OpenFinanceHandle =
  | ({ stage: 'authorizing' } & KeptAuthorization)
  | { stage: 'authorized'; consentId: string; grant: string };

// Marks an open-finance handle apart from a credentials-flow bank session handle (an opaque bank string).
const PREFIX = 'open-finance:';

export function sealOpenFinanceHandle(sealer: SecretSealer, handle: OpenFinanceHandle): string {
  return sealer.seal(`${PREFIX}${JSON.stringify(handle)}`);
}

/** The open-finance handle sealed in `sealed`, or null when it is none (or nothing is sealed). */
export function openOpenFinanceHandle(sealer: SecretSealer, sealed: string | null): OpenFinanceHandle | null {
  if (!sealed) return null;
  const plain = sealer.open(sealed);
  if (!plain.startsWith(PREFIX)) return null;
  return JSON.parse(plain.slice(PREFIX.length)) as OpenFinanceHandle;
}
