/**
 * Back-office operators, their sessions, their login attempts and the audit log of what they did.
 *
 * @example
 *   const session = await operators.findSession(sha256(cookieToken));
 *   await operators.audit({ operatorId: session.operatorId, action: 'merchant.create', target: code });
 */
export interface Operator {
  id: number;
  email: string;
  passwordHash: string;
  active: boolean;
}

export interface OperatorSession {
  id: number;
  operatorId: number;
  email: string;
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
  create(email: string, passwordHash: string): Promise<Operator>;
  findByEmail(email: string): Promise<Operator | null>;
  count(): Promise<number>;
  list(): Promise<(Omit<Operator, 'passwordHash'> & { lastLoginAt: Date | null })[]>;
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
  audit(entry: AuditEntry): Promise<void>;
  recentAudit(limit: number): Promise<AuditRecord[]>;
}
