/**
 * The SQL database behind every store. Two adapters implement it: embedded PGlite (the default, one
 * process) and PostgreSQL through `pg` (production). Both speak PostgreSQL with `$1` parameters, so
 * stores write one SQL text for both.
 *
 * @example
 *   const [row] = await db.query<{ id: string }>('select id from merchants where code = $1', [code]);
 *   await db.transaction(async (tx) => {
 *     await tx.query('update payment_sessions set payment_status = $1 where id = $2', ['success', id]);
 *   });
 */
export interface SqlExecutor {
  /**
   * `options.name` marks a hot statement: where the adapter can, it is prepared once per connection and
   * then only executed (PostgreSQL); elsewhere the name is ignored. One name, one SQL text.
   */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: { name?: string },
  ): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
