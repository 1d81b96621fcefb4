import type { SqlExecutor } from '../../ports/database.ts';

/**
 * Whether a table exists. The back-office reads tables other parts own (the funnel's timeline, the
 * notifier's deliveries); until their migrations are applied it shows what it has instead of failing.
 */
export async function tableExists(db: SqlExecutor, table: string): Promise<boolean> {
  const [row] = await db.query<{ found: boolean }>('select to_regclass($1) is not null as found', [table]);
  return row?.found === true;
}
