import pg from 'pg';
import type { Database, SqlExecutor } from '../../ports/database.ts';

// int8 (bigint) and numeric arrive as strings by default; Puente's int8 values (ids, pesos) stay well
// inside 2^53, so they are read as numbers, the same as PGlite does.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

/** PostgreSQL through a `pg` connection pool. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres';

  constructor(readonly pool: pg.Pool) {}

  /**
   * `idleSeconds` 0 (the default) keeps every connection the pool opened: opening one costs a process on the
   * server and re-preparing the hot statements, and closing many at once after a burst stalls the server
   * (measured: 200–400 ms with every query waiting, when `pg`'s default closed 15 idle connections at once).
   */
  static open(
    connectionString: string,
    options: {
      max?: number;
      idleSeconds?: number;
      /** Waiting for a connection longer than this fails the query (the database is away): fail fast. */
      connectTimeoutMs?: number;
      /** The server cancels a statement running longer than this (`statement_timeout`). */
      statementTimeoutMs?: number;
      /** Told of errors of idle connections (the server restarted); the pool replaces them. */
      onIdleError?: (error: Error) => void;
    } = {},
  ): PostgresDatabase {
    const pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      idleTimeoutMillis: (options.idleSeconds ?? 0) * 1000,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: options.statementTimeoutMs ?? 15_000,
    });
    // An idle client's error (e.g. the server restarted) must not crash the process; it is reported.
    pool.on('error', (error) => options.onIdleError?.(error));
    return new PostgresDatabase(pool);
  }

  async query<Row>(
    sql: string,
    params: readonly unknown[] = [],
    options: { name?: string } = {},
  ): Promise<Row[]> {
    const result = options.name
      ? await this.pool.query({ name: options.name, text: sql, values: params as unknown[] })
      : await this.pool.query(sql, params as unknown[]);
    return result.rows as Row[];
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const result = await work({
        async query<Row>(sql: string, params: readonly unknown[] = [], options: { name?: string } = {}) {
          const result = options.name
            ? await client.query({ name: options.name, text: sql, values: params as unknown[] })
            : await client.query(sql, params as unknown[]);
          return result.rows as Row[];
        },
        async exec(script: string) {
          await client.query(script);
        },
      });
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
