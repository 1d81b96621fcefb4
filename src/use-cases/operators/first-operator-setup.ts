import type { OperatorSetupStore, SetupTokenState } from '../../ports/operator-setup.ts';
import type { Operator } from '../../ports/operator-store.ts';
import { checkOperatorPassword, type OperatorDeps, operatorEmail } from './create-operator.ts';

/**
 * The first operator of a deployment, created from the browser through a one-time link that `puente serve`
 * prints while no operator exists: the gateway keeps running (the embedded database belongs to it, so the
 * CLI could not open it). The link's token is 43 characters of `[A-Za-z0-9]` (about 256 bits), valid for a
 * few minutes, used once, and stored only as its hash; each start replaces it.
 */
export interface OperatorSetupDeps extends OperatorDeps {
  operatorSetup: OperatorSetupStore;
}

export const SETUP_TOKEN_LENGTH = 43;
const SETUP_TOKEN = /^[A-Za-z0-9]{43}$/;

/** Where a setup link stands: usable, or why not (`closed`: an operator exists, the page is gone). */
export type SetupLinkState = SetupTokenState | 'closed';

/**
 * A new setup token valid for `minutes`, replacing any older one; null (and no token left at all) once an
 * operator exists.
 */
export async function issueSetupLink(
  { operators, credentials, operatorSetup }: OperatorSetupDeps,
  minutes: number,
): Promise<{ token: string; expiresAt: Date } | null> {
  if ((await operators.count()) > 0) {
    await operatorSetup.clear();
    return null;
  }
  const token = credentials.newToken(SETUP_TOKEN_LENGTH);
  const expiresAt = new Date(Date.now() + minutes * 60_000);
  await operatorSetup.replace(credentials.hashToken(token), expiresAt);
  return { token, expiresAt };
}

export async function setupLinkState(
  { operators, credentials, operatorSetup }: OperatorSetupDeps,
  token: string,
): Promise<SetupLinkState> {
  if ((await operators.count()) > 0) return 'closed';
  if (!SETUP_TOKEN.test(token)) return 'unknown';
  return operatorSetup.tokenState(credentials.hashToken(token));
}

/**
 * Creates the first operator with the link's token, consuming it. Bad input throws a validation error and
 * leaves the token usable; a token that does not work (any more) answers why, and nothing is created.
 */
export async function createFirstOperator(
  deps: OperatorSetupDeps,
  input: { token: string; email: string; password: string; ip: string | null },
): Promise<{ ok: true; operator: Operator } | { ok: false; reason: Exclude<SetupLinkState, 'valid'> }> {
  const email = operatorEmail(input.email);
  checkOperatorPassword(input.password);
  const before = await setupLinkState(deps, input.token);
  if (before !== 'valid') return { ok: false, reason: before };
  const passwordHash = await deps.credentials.hashPassword(input.password);
  const operator = await deps.operatorSetup.createFirstOperator(deps.credentials.hashToken(input.token), {
    email,
    passwordHash,
  });
  if (!operator) {
    // Another submit with this token (or an operator made meanwhile) won the race.
    const after = await setupLinkState(deps, input.token);
    return { ok: false, reason: after === 'valid' ? 'unknown' : after };
  }
  await deps.operators.audit({
    operatorId: operator.id,
    operatorEmail: email,
    action: 'operator.create',
    target: email,
    details: { via: 'setup-link' },
    ip: input.ip,
  });
  return { ok: true, operator };
}
