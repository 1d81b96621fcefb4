import type { Creditor } from '../../domain/creditor.ts';
import type { KeptAuthorization } from '../../ports/redirect-bank-connector.ts';
import type { SecretSealer } from '../../ports/secrets.ts';

/**
 * What an open-finance attempt keeps in the funnel's sealed bank handle: before the payer comes back, the
 * authorisation in progress (its `state` and PKCE verifier); after, the consent and the access token the
 * payer granted. Both are secrets: sealed at rest, never logged, dropped when the payment ends.
 *
 * `creditor` is the one the consent named, frozen for the attempt: the payment order (and the sweep's
 * replay of it) names the same one even if the merchant changes its collecting account meanwhile. Handles
 * sealed before it was kept have none: the creditor is then resolved again (`frozenCreditor`).
 */
export type OpenFinanceHandle =
  | ({ stage: 'authorizing'; creditor?: Creditor } & KeptAuthorization)
  | { stage: 'authorized'; consentId: string; grant: string; creditor?: Creditor };

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
