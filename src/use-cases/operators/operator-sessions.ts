import type { OperatorSession } from '../../ports/operator-store.ts';
import { normaliseEmail, type OperatorDeps } from './create-operator.ts';

/**
 * Operator login and sessions. A session lives `idleMinutes` past its last request and never more than
 * `ABSOLUTE_HOURS` after login. Failed logins are limited per e-mail and per address over a window, and
 * an unknown e-mail costs the same scrypt work as a wrong password, so neither timing nor the answer tells
 * which e-mails exist.
 */
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;
export const ABSOLUTE_HOURS = 12;

export type LoginResult =
  | { ok: true; token: string; session: { operatorId: number; email: string } }
  | { ok: false; reason: 'invalid' | 'limited' };

export async function logIn(
  { operators, credentials }: OperatorDeps,
  input: { email: string; password: string; ip: string; idleMinutes: number },
): Promise<LoginResult> {
  const email = normaliseEmail(input.email).slice(0, 254);
  const since = new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000);
  // Counted and recorded (as a failure until proven otherwise) before the password is checked.
  const admitted = await operators.admitAttempt(email, input.ip, since, {
    perEmail: MAX_FAILURES_PER_EMAIL,
    perIp: MAX_FAILURES_PER_IP,
  });
  if (admitted === 'limited') {
    await operators.audit({
      operatorId: null,
      operatorEmail: email,
      action: 'login.limited',
      ip: input.ip,
    });
    return { ok: false, reason: 'limited' };
  }
  const operator = await operators.findByEmail(email);
  const passwordMatches = await credentials.verifyPassword(
    input.password.slice(0, 1024),
    operator?.passwordHash ?? null,
  );
  const ok = Boolean(operator?.active && passwordMatches);
  if (!operator || !ok) {
    await operators.audit({ operatorId: null, operatorEmail: email, action: 'login.failed', ip: input.ip });
    return { ok: false, reason: 'invalid' };
  }
  await operators.markSucceeded(admitted.attemptId, email);
  // A hash made at an older, weaker cost is replaced now, while the password is at hand.
  if (credentials.needsRehash(operator.passwordHash)) {
    await operators.updatePasswordHash(operator.id, await credentials.hashPassword(input.password));
  }
  const token = credentials.newToken(64);
  await operators.openSession({
    tokenHash: credentials.hashToken(token),
    operatorId: operator.id,
    csrfToken: credentials.newToken(43),
    expiresAt: new Date(Date.now() + input.idleMinutes * 60_000),
  });
  await operators.audit({ operatorId: operator.id, operatorEmail: email, action: 'login', ip: input.ip });
  return { ok: true, token, session: { operatorId: operator.id, email } };
}

/** The live session behind a cookie token, its idle expiry pushed forward (capped at the absolute limit). */
export async function resumeSession(
  { operators, credentials }: OperatorDeps,
  token: string,
  idleMinutes: number,
): Promise<OperatorSession | null> {
  if (!/^[A-Za-z0-9]{64}$/.test(token)) return null;
  const session = await operators.findSession(credentials.hashToken(token));
  if (!session) return null;
  const absolute = session.createdAt.getTime() + ABSOLUTE_HOURS * 3_600_000;
  const next = Math.min(Date.now() + idleMinutes * 60_000, absolute);
  // Written at most once a minute per session, not on every request.
  if (next - session.expiresAt.getTime() > 60_000) {
    await operators.extendSession(session.id, new Date(next));
  }
  return session;
}

export async function logOut({ operators, credentials }: OperatorDeps, token: string): Promise<void> {
  await operators.endSession(credentials.hashToken(token));
}
