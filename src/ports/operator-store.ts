/**
 * Back-office operators, their sessions, their login attempts and the audit log of what they did.
 *
 * @example
 *   const session = await operators.findSession(sha256(cookieToken));
 *   await operators.audit({ operatorId: session.operatorId, action: 'merchant.create', target: code });
 */
import type { OperatorRole } from '../domain/operator-role.ts';

export interface Operator {
  id: number;
  email: string;
  passwordHash: string;
  active: boolean;
  role: OperatorRole;
  /** Whether the operator has confirmed a TOTP second factor. */
  secondFactorEnrolled: boolean;
}

/**
 * Where a session stands with the second factor: `verified` (the code was given), `pending` (the operator
 * has a second factor and the session has only seen the password), `none` (no second factor enrolled).
 */
export type SessionSecondFactor = 'verified' | 'pending' | 'none';

/** An operator's stored second factor: the sealed secrets and the last time step a code was accepted for. */
export interface StoredSecondFactor {
  secretSealed: string | null;
  pendingSecretSealed: string | null;
  lastTimeStep: number | null;
}

export interface OperatorSession {
  id: number;
  operatorId: number;
  email: string;
  role: OperatorRole;
  secondFactor: SessionSecondFactor;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface AuditEntry {
  operatorId: number | null;
  operatorEmail: string | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditRecord extends Required<AuditEntry> {
  id: number;
  createdAt: Date;
}

export interface OperatorStore {
  create(email: string, passwordHash: string, role: OperatorRole): Promise<Operator>;
  findByEmail(email: string): Promise<Operator | null>;
  count(): Promise<number>;
  list(): Promise<(Omit<Operator, 'passwordHash'> & { lastLoginAt: Date | null })[]>;
  /** Gives an operator another role; false when no operator has the e-mail. */
  setRole(email: string, role: OperatorRole): Promise<boolean>;
  /** Enables or disables an operator; a disabled operator's sessions stop working at once. */
  setActive(email: string, active: boolean): Promise<boolean>;
  /**
   * Counts the failed attempts since `since` for the e-mail and for the address and, unless either has
   * reached its limit, records this attempt as failed — both at once, so parallel guesses cannot all read
   * the count before any of them is recorded. Answers the attempt's id, or `limited`.
   */
  admitAttempt(
    email: string,
    ip: string,
    since: Date,
    limits: { perEmail: number; perIp: number },
  ): Promise<{ attemptId: number } | 'limited'>;
  /** Marks an admitted attempt as the successful login it turned out to be. */
  markSucceeded(attemptId: number, email: string): Promise<void>;
  /** Replaces an operator's password hash (a stronger cost after a successful login). */
  updatePasswordHash(operatorId: number, passwordHash: string): Promise<void>;
  openSession(session: {
    tokenHash: Buffer;
    operatorId: number;
    csrfToken: string;
    expiresAt: Date;
  }): Promise<void>;
  /** The live session with that token hash (not ended, not expired), or null. */
  findSession(tokenHash: Buffer): Promise<OperatorSession | null>;
  extendSession(id: number, expiresAt: Date): Promise<void>;
  endSession(tokenHash: Buffer): Promise<void>;
  /** Marks a session as having passed the second factor. */
  markSessionSecondFactor(sessionId: number): Promise<void>;
  secondFactorOf(operatorId: number): Promise<StoredSecondFactor>;
  /** Keeps the secret shown on the enrolment page until a code confirms it. */
  setPendingSecondFactor(operatorId: number, secretSealed: string): Promise<void>;
  /**
   * Makes the pending secret the operator's second factor, with `timeStep` already used and these recovery
   * code hashes (replacing any older ones). False when the operator already has one (a second tab).
   */
  confirmSecondFactor(
    operatorId: number,
    secretSealed: string,
    timeStep: number,
    recoveryCodeHashes: Buffer[],
  ): Promise<boolean>;
  /**
   * Records `timeStep` as the last one used, only if it is later than the one recorded: true when it was,
   * false when a code of that step (or a later one) was already accepted — a replay, even a parallel one.
   */
  useTimeStep(operatorId: number, timeStep: number): Promise<boolean>;
  /** Spends an unused recovery code: the number left after it, or null when no unused code has that hash. */
  useRecoveryCode(operatorId: number, codeHash: Buffer): Promise<number | null>;
  /**
   * Removes an operator's second factor and its recovery codes and ends its sessions, so it enrols again at
   * its next login. False when no operator has the e-mail.
   */
  resetSecondFactor(email: string): Promise<boolean>;
  audit(entry: AuditEntry): Promise<void>;
  recentAudit(limit: number): Promise<AuditRecord[]>;
}
