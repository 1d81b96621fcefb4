import type { OperatorSession } from '../../ports/operator-store.ts';
import type { SecretSealer } from '../../ports/secrets.ts';
import type { TotpCodes } from '../../ports/totp.ts';
import { normaliseEmail, type OperatorDeps } from './create-operator.ts';
import { LOGIN_WINDOW_MINUTES, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from './operator-sessions.ts';

/**
 * The operators' second factor: a TOTP secret (sealed at rest, never logged) confirmed with a first code,
 * ten single-use recovery codes (stored as hashes) for a lost phone, and a reset an admin can do for
 * another operator. A code is good once: its time step is recorded, and that step or an earlier one is
 * refused. Wrong codes are failed logins, limited like wrong passwords.
 */
export interface SecondFactorDeps extends OperatorDeps {
  secretBox: SecretSealer;
  totp: TotpCodes;
}

export const RECOVERY_CODE_COUNT = 10;
/** 16 characters of 32 (80 bits): long enough that their SHA-256 hashes cannot be searched. */
const RECOVERY_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const RECOVERY_LENGTH = 16;

/** A recovery code as typed: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(text: string): string {
  return text.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** The secret to show on the enrolment page: the one already shown if there is one (a reload shows the same). */
export async function startEnrolment(
  { operators, secretBox, totp }: SecondFactorDeps,
  session: Pick<OperatorSession, 'operatorId' | 'email'>,
): Promise<{ secret: string; uri: string }> {
  const stored = await operators.secondFactorOf(session.operatorId);
  let secret = stored.pendingSecretSealed ? secretBox.open(stored.pendingSecretSealed) : null;
  if (!secret) {
    secret = totp.newSecret();
    await operators.setPendingSecondFactor(session.operatorId, secretBox.seal(secret));
  }
  return { secret, uri: totp.enrolmentUri(secret, session.email) };
}

/** Confirms the enrolment with a code from the app; answers the recovery codes, shown this once. */
export async function confirmEnrolment(
  deps: SecondFactorDeps,
  session: Pick<OperatorSession, 'id' | 'operatorId' | 'email'>,
  input: { code: string; ip: string; requestId?: string },
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; reason: 'invalid' | 'enrolled' }> {
  const { operators, credentials, secretBox, totp } = deps;
  const stored = await operators.secondFactorOf(session.operatorId);
  if (stored.secretSealed) return { ok: false, reason: 'enrolled' };
  if (!stored.pendingSecretSealed) return { ok: false, reason: 'invalid' };
  const step = await totp.check(secretBox.open(stored.pendingSecretSealed), input.code.trim(), null);
  if (step === null) return { ok: false, reason: 'invalid' };
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    credentials.newToken(RECOVERY_LENGTH, RECOVERY_ALPHABET),
  );
  const confirmed = await operators.confirmSecondFactor(
    session.operatorId,
    stored.pendingSecretSealed,
    step,
    recoveryCodes.map((code) => credentials.hashToken(code)),
  );
  if (!confirmed) return { ok: false, reason: 'enrolled' };
  // The session that enrolled has just given a good code: it needs no second one.
  await operators.markSessionSecondFactor(session.id);
  await operators.audit({
    operatorId: session.operatorId,
    operatorEmail: session.email,
    action: 'second_factor.enrol',
    ip: input.ip,
    requestId: input.requestId ?? null,
  });
  return { ok: true, recoveryCodes: recoveryCodes.map((code) => code.replace(/(.{4})(?!$)/g, '$1-')) };
}

export type SecondFactorResult =
  | { ok: true; via: 'totp' | 'recovery_code'; recoveryCodesLeft?: number }
  | { ok: false; reason: 'invalid' | 'limited' };

/** Checks the code (or a recovery code) given after the password and, when good, completes the session. */
export async function verifySecondFactor(
  deps: SecondFactorDeps,
  session: Pick<OperatorSession, 'id' | 'operatorId' | 'email'>,
  input: { code: string; ip: string; requestId?: string },
): Promise<SecondFactorResult> {
  const { operators, credentials, secretBox, totp } = deps;
  const who = { operatorId: session.operatorId, operatorEmail: session.email, ip: input.ip };
  const requestId = input.requestId ?? null;
  const admitted = await operators.admitAttempt(
    normaliseEmail(session.email),
    input.ip,
    new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000),
    { perEmail: MAX_FAILURES_PER_EMAIL, perIp: MAX_FAILURES_PER_IP },
  );
  if (admitted === 'limited') {
    await operators.audit({ ...who, action: 'second_factor.limited', requestId });
    return { ok: false, reason: 'limited' };
  }
  const stored = await operators.secondFactorOf(session.operatorId);
  if (!stored.secretSealed) return { ok: false, reason: 'invalid' };
  const code = input.code.trim().slice(0, 64);
  let result: SecondFactorResult = { ok: false, reason: 'invalid' };
  if (/^\d{6}$/.test(code)) {
    const step = await totp.check(secretBox.open(stored.secretSealed), code, stored.lastTimeStep);
    // Recorded only if still later than the last one: the same code sent twice at once passes once.
    if (step !== null && (await operators.useTimeStep(session.operatorId, step))) {
      result = { ok: true, via: 'totp' };
    }
  } else {
    const recovery = normaliseRecoveryCode(code);
    const left =
      recovery.length === RECOVERY_LENGTH
        ? await operators.useRecoveryCode(session.operatorId, credentials.hashToken(recovery))
        : null;
    if (left !== null) result = { ok: true, via: 'recovery_code', recoveryCodesLeft: left };
  }
  if (!result.ok) {
    await operators.audit({ ...who, action: 'second_factor.failed', requestId });
    return result;
  }
  await operators.markSucceeded(admitted.attemptId, normaliseEmail(session.email));
  await operators.markSessionSecondFactor(session.id);
  await operators.audit({
    ...who,
    action: result.via === 'recovery_code' ? 'second_factor.recovery_code' : 'second_factor.verify',
    details: result.via === 'recovery_code' ? { recoveryCodesLeft: result.recoveryCodesLeft } : {},
    requestId,
  });
  return result;
}

/**
 * Removes an operator's second factor (a lost phone and no recovery code left): its sessions end and it
 * enrols again at its next login. `by` is who did it, for the audit log.
 */
export async function resetSecondFactor(
  { operators }: OperatorDeps,
  email: string,
  by: {
    operatorId: number | null;
    operatorEmail: string | null;
    via: string;
    ip?: string;
    requestId?: string;
  },
): Promise<boolean> {
  const target = normaliseEmail(email);
  if (!(await operators.resetSecondFactor(target))) return false;
  await operators.audit({
    operatorId: by.operatorId,
    operatorEmail: by.operatorEmail,
    action: 'operator.reset_second_factor',
    target,
    details: { via: by.via },
    ip: by.ip ?? null,
    requestId: by.requestId ?? null,
  });
  return true;
}
