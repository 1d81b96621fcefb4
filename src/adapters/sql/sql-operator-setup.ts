import type { Database } from '../../ports/database.ts';
import type { OperatorSetupStore, SetupTokenState } from '../../ports/operator-setup.ts';
import type { Operator } from '../../ports/operator-store.ts';
import { OPERATOR_COLUMNS, type OperatorRow, toOperator } from './sql-operator-store.ts';

export class SqlOperatorSetup implements OperatorSetupStore {
  constructor(private readonly db: Database) {}

  async replace(tokenHash: Buffer, expiresAt: Date): Promise<void> {
    await this.db.query(
      `insert into operator_setup_tokens (token_hash, expires_at) values ($1, $2)
       on conflict (singleton) do update
         set token_hash = excluded.token_hash, expires_at = excluded.expires_at, created_at = now()`,
      [tokenHash, expiresAt],
    );
  }

  async clear(): Promise<void> {
    await this.db.query('delete from operator_setup_tokens');
  }

  async tokenState(tokenHash: Buffer): Promise<SetupTokenState> {
    const [row] = await this.db.query<{ live: boolean }>(
      'select expires_at > now() as live from operator_setup_tokens where token_hash = $1',
      [tokenHash],
    );
    if (!row) return 'unknown';
    return row.live ? 'valid' : 'expired';
  }

  async createFirstOperator(
    tokenHash: Buffer,
    operator: { email: string; passwordHash: string },
  ): Promise<Operator | null> {
    return this.db.transaction(async (tx) => {
      // The delete takes the token's row: a second submit with the same token waits for this transaction
      // and then finds nothing to delete. The lock also orders this against another setup in flight.
      await tx.query("select pg_advisory_xact_lock(hashtext('operator-setup'))");
      const consumed = await tx.query(
        'delete from operator_setup_tokens where token_hash = $1 and expires_at > now() returning singleton',
        [tokenHash],
      );
      if (consumed.length === 0) return null;
      const [existing] = await tx.query('select 1 from operators limit 1');
      if (existing) return null;
      // The first operator manages the others: an admin.
      const [row] = await tx.query<OperatorRow>(
        `insert into operators (email, password_hash, role) values ($1, $2, 'admin')
         returning ${OPERATOR_COLUMNS}`,
        [operator.email, operator.passwordHash],
      );
      if (!row) throw new Error('insert returned no row');
      return toOperator(row);
    });
  }
}
