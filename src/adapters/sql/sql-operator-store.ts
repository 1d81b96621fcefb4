import type { OperatorRole } from '../../domain/operator-role.ts';
import type { Database } from '../../ports/database.ts';
import type {
  AuditEntry,
  AuditRecord,
  Operator,
  OperatorSession,
  OperatorStore,
  StoredSecondFactor,
} from '../../ports/operator-store.ts';

export interface OperatorRow {
  id: number | string;
  email: string;
  password_hash: string;
  active: boolean;
  role: OperatorRole;
  enrolled: boolean;
}

export const OPERATOR_COLUMNS =
  'id, email, password_hash, active, role, totp_enrolled_at is not null as enrolled';

export class SqlOperatorStore implements OperatorStore {
  constructor(private readonly db: Database) {}

  async create(email: string, passwordHash: string, role: OperatorRole): Promise<Operator> {
    const [row] = await this.db.query<OperatorRow>(
      `insert into operators (email, password_hash, role) values ($1, $2, $3) returning ${OPERATOR_COLUMNS}`,
      [email, passwordHash, role],
    );
    if (!row) throw new Error('insert returned no row');
    return toOperator(row);
  }

  async findByEmail(email: string): Promise<Operator | null> {
    const [row] = await this.db.query<OperatorRow>(
      `select ${OPERATOR_COLUMNS} from operators where email = $1`,
      [email],
    );
    return row ? toOperator(row) : null;
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ count: string | number }>('select count(*) as count from operators');
    return Number(row?.count ?? 0);
  }

  async list() {
    const rows = await this.db.query<{
      id: number | string;
      email: string;
      active: boolean;
      role: OperatorRole;
      enrolled: boolean;
      last_login_at: Date | null;
    }>(
      'select id, email, active, role, totp_enrolled_at is not null as enrolled, last_login_at from operators order by email',
    );
    return rows.map((row) => ({
      id: Number(row.id),
      email: row.email,
      active: row.active,
      role: row.role,
      secondFactorEnrolled: row.enrolled,
      lastLoginAt: row.last_login_at,
    }));
  }

  async setRole(email: string, role: OperatorRole): Promise<boolean> {
    const rows = await this.db.query('update operators set role = $2 where email = $1 returning id', [
      email,
      role,
    ]);
    return rows.length > 0;
  }

  async setActive(email: string, active: boolean): Promise<boolean> {
    const rows = await this.db.query('update operators set active = $2 where email = $1 returning id', [
      email,
      active,
    ]);
    return rows.length > 0;
  }

  async admitAttempt(
    email: string,
    ip: string,
    since: Date,
    limits: { perEmail: number; perIp: number },
  ): Promise<{ attemptId: number } | 'limited'> {
    // Serialised per e-mail and per address (transaction-scoped advisory locks, always taken in that order):
    // the count and the record of this attempt happen together, so a burst of parallel guesses is counted
    // one by one.
    return this.db.transaction(async (tx) => {
      await tx.query(
        "select pg_advisory_xact_lock(hashtext('operator-login:' || $1)), pg_advisory_xact_lock(hashtext('operator-login-ip:' || $2))",
        [email, ip],
      );
      const [row] = await tx.query<{ by_email: string | number; by_ip: string | number }>(
        `select
           (select count(*) from operator_login_attempts
             where email = $1 and not succeeded and attempted_at > $3) as by_email,
           (select count(*) from operator_login_attempts
             where ip = $2 and not succeeded and attempted_at > $3) as by_ip`,
        [email, ip, since],
      );
      if (Number(row?.by_email ?? 0) >= limits.perEmail || Number(row?.by_ip ?? 0) >= limits.perIp) {
        return 'limited';
      }
      const [attempt] = await tx.query<{ id: number }>(
        'insert into operator_login_attempts (email, ip, succeeded) values ($1, $2, false) returning id',
        [email, ip],
      );
      return { attemptId: Number(attempt?.id) };
    });
  }

  async markSucceeded(attemptId: number, email: string): Promise<void> {
    await this.db.query('update operator_login_attempts set succeeded = true where id = $1', [attemptId]);
    await this.db.query('update operators set last_login_at = now() where email = $1', [email]);
  }

  async updatePasswordHash(operatorId: number, passwordHash: string): Promise<void> {
    await this.db.query('update operators set password_hash = $2 where id = $1', [operatorId, passwordHash]);
  }

  async openSession(session: { tokenHash: Buffer; operatorId: number; csrfToken: string; expiresAt: Date }) {
    await this.db.query(
      `insert into operator_sessions (token_hash, operator_id, csrf_token, expires_at)
       values ($1, $2, $3, $4)`,
      [session.tokenHash, session.operatorId, session.csrfToken, session.expiresAt],
    );
  }

  async findSession(tokenHash: Buffer): Promise<OperatorSession | null> {
    const [row] = await this.db.query<{
      id: number | string;
      operator_id: number | string;
      email: string;
      role: OperatorRole;
      enrolled: boolean;
      second_factor_at: Date | null;
      csrf_token: string;
      created_at: Date;
      expires_at: Date;
    }>(
      `select s.id, s.operator_id, o.email, o.role, o.totp_enrolled_at is not null as enrolled,
              s.second_factor_at, s.csrf_token, s.created_at, s.expires_at
         from operator_sessions s join operators o on o.id = s.operator_id
        where s.token_hash = $1 and s.ended_at is null and s.expires_at > now() and o.active`,
      [tokenHash],
    );
    if (!row) return null;
    return {
      id: Number(row.id),
      operatorId: Number(row.operator_id),
      email: row.email,
      role: row.role,
      secondFactor: !row.enrolled ? 'none' : row.second_factor_at ? 'verified' : 'pending',
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async extendSession(id: number, expiresAt: Date): Promise<void> {
    await this.db.query('update operator_sessions set expires_at = $2, last_seen_at = now() where id = $1', [
      id,
      expiresAt,
    ]);
  }

  async endSession(tokenHash: Buffer): Promise<void> {
    await this.db.query('update operator_sessions set ended_at = now() where token_hash = $1', [tokenHash]);
  }

  async markSessionSecondFactor(sessionId: number): Promise<void> {
    await this.db.query('update operator_sessions set second_factor_at = now() where id = $1', [sessionId]);
  }

  async secondFactorOf(operatorId: number): Promise<StoredSecondFactor> {
    const [row] = await this.db.query<{
      totp_secret_sealed: string | null;
      totp_pending_secret_sealed: string | null;
      totp_last_time_step: string | number | null;
    }>(
      'select totp_secret_sealed, totp_pending_secret_sealed, totp_last_time_step from operators where id = $1',
      [operatorId],
    );
    return {
      secretSealed: row?.totp_secret_sealed ?? null,
      pendingSecretSealed: row?.totp_pending_secret_sealed ?? null,
      lastTimeStep: row?.totp_last_time_step == null ? null : Number(row.totp_last_time_step),
    };
  }

  async setPendingSecondFactor(operatorId: number, secretSealed: string): Promise<void> {
    await this.db.query('update operators set totp_pending_secret_sealed = $2 where id = $1', [
      operatorId,
      secretSealed,
    ]);
  }

  async confirmSecondFactor(
    operatorId: number,
    secretSealed: string,
    timeStep: number,
    recoveryCodeHashes: Buffer[],
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `update operators
            set totp_secret_sealed = $2, totp_pending_secret_sealed = null, totp_enrolled_at = now(),
                totp_last_time_step = $3
          where id = $1 and totp_enrolled_at is null returning id`,
        [operatorId, secretSealed, timeStep],
      );
      if (rows.length === 0) return false;
      await tx.query('delete from operator_recovery_codes where operator_id = $1', [operatorId]);
      for (const hash of recoveryCodeHashes) {
        await tx.query('insert into operator_recovery_codes (operator_id, code_hash) values ($1, $2)', [
          operatorId,
          hash,
        ]);
      }
      return true;
    });
  }

  async useTimeStep(operatorId: number, timeStep: number): Promise<boolean> {
    // One conditional update: of two requests with the same code, only one finds the step still unused.
    const rows = await this.db.query(
      `update operators set totp_last_time_step = $2
        where id = $1 and (totp_last_time_step is null or totp_last_time_step < $2) returning id`,
      [operatorId, timeStep],
    );
    return rows.length > 0;
  }

  async useRecoveryCode(operatorId: number, codeHash: Buffer): Promise<number | null> {
    const used = await this.db.query(
      `update operator_recovery_codes set used_at = now()
        where operator_id = $1 and code_hash = $2 and used_at is null returning id`,
      [operatorId, codeHash],
    );
    if (used.length === 0) return null;
    const [row] = await this.db.query<{ left: string | number }>(
      'select count(*) as left from operator_recovery_codes where operator_id = $1 and used_at is null',
      [operatorId],
    );
    return Number(row?.left ?? 0);
  }

  async resetSecondFactor(email: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number | string }>(
        `update operators
            set totp_secret_sealed = null, totp_pending_secret_sealed = null, totp_enrolled_at = null,
                totp_last_time_step = null
          where email = $1 returning id`,
        [email],
      );
      if (!row) return false;
      await tx.query('delete from operator_recovery_codes where operator_id = $1', [row.id]);
      await tx.query(
        'update operator_sessions set ended_at = now() where operator_id = $1 and ended_at is null',
        [row.id],
      );
      return true;
    });
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.db.query(
      `insert into operator_audit_log (operator_id, operator_email, action, target, details, ip, request_id)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.operatorId,
        entry.operatorEmail,
        entry.action,
        entry.target ?? null,
        JSON.stringify(entry.details ?? {}),
        entry.ip ?? null,
        entry.requestId ?? null,
      ],
    );
  }

  async recentAudit(limit: number): Promise<AuditRecord[]> {
    const rows = await this.db.query<{
      id: number | string;
      operator_id: number | string | null;
      operator_email: string | null;
      action: string;
      target: string | null;
      details: Record<string, unknown>;
      ip: string | null;
      request_id: string | null;
      created_at: Date;
    }>(
      `select id, operator_id, operator_email, action, target, details, ip, request_id, created_at
         from operator_audit_log order by created_at desc, id desc limit $1`,
      [limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      operatorId: row.operator_id === null ? null : Number(row.operator_id),
      operatorEmail: row.operator_email,
      action: row.action,
      target: row.target,
      details: row.details,
      ip: row.ip,
      requestId: row.request_id,
      createdAt: row.created_at,
    }));
  }
}

export function toOperator(row: OperatorRow): Operator {
  return {
    id: Number(row.id),
    email: row.email,
    passwordHash: row.password_hash,
    active: row.active,
    role: row.role,
    secondFactorEnrolled: row.enrolled,
  };
}
