import { createHmac } from 'node:crypto';
import type { BankLoginKey, BankLoginThrottle } from '../../ports/bank-login-throttle.ts';
import type { SqlExecutor } from '../../ports/database.ts';

export interface BankLoginLimits {
  /** Wrong passwords allowed per RUT per bank within the window. */
  perRut: number;
  /** Wrong passwords allowed per client address (any RUT, any bank) within the window. */
  perAddress: number;
  windowMinutes: number;
}

/**
 * Counts failed bank logins in PostgreSQL, so the limits hold for the deployment, not per process. The
 * RUT is stored as an HMAC under a key of the deployment (`digestKey`), never in clear: the table can show
 * that one RUT failed often without saying whose it is.
 */
export class SqlBankLoginThrottle implements BankLoginThrottle {
  constructor(
    private readonly db: SqlExecutor,
    private readonly limits: BankLoginLimits,
    private readonly digestKey: Buffer,
  ) {}

  async heldBack(key: BankLoginKey): Promise<'rut' | 'address' | null> {
    const [row] = await this.db.query<{ by_rut: number; by_address: number }>(
      `select
         (select count(*)::int from bank_login_attempts
          where rut_digest = $1 and bank_code = $2 and outcome = 'wrong_password'
            and attempted_at > now() - make_interval(mins => $4)) as by_rut,
         (select count(*)::int from bank_login_attempts
          where client_address = $3 and outcome = 'wrong_password'
            and attempted_at > now() - make_interval(mins => $4)) as by_address`,
      [this.digest(key.rut), key.bankCode, key.clientAddress, this.limits.windowMinutes],
      { name: 'bank-login-held-back' },
    );
    const reason =
      (row?.by_rut ?? 0) >= this.limits.perRut
        ? 'rut'
        : (row?.by_address ?? 0) >= this.limits.perAddress
          ? 'address'
          : null;
    if (reason) await this.record(key, 'held_back');
    return reason;
  }

  async recordFailure(key: BankLoginKey): Promise<void> {
    await this.record(key, 'wrong_password');
  }

  private async record(key: BankLoginKey, outcome: 'wrong_password' | 'held_back'): Promise<void> {
    await this.db.query(
      `insert into bank_login_attempts (bank_code, rut_digest, client_address, outcome) values ($1, $2, $3, $4)`,
      [key.bankCode, this.digest(key.rut), key.clientAddress, outcome],
    );
  }

  private digest(rut: string): Buffer {
    return createHmac('sha256', this.digestKey).update(`bank-login-rut:${rut}`).digest();
  }
}
