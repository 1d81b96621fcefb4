import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, SqlExecutor } from '../../ports/database.ts';

/** Embedded PostgreSQL (PGlite): one connection in this process; its own mutex serialises queries. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite';

  private constructor(readonly pglite: PGlite) {}

  /** `dataDir` undefined means in memory; `loadDataDir` starts from a dump (fast test databases). */
  static async open(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<PgliteDatabase> {
    const pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    return new PgliteDatabase(pglite);
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pglite.query<Row>(sql, params as unknown[]);
    return result.rows;
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.pglite.transaction((tx: Transaction) =>
      work({
        async query<Row>(sql: string, params: readonly unknown[] = []) {
          return (await tx.query<Row>(sql, params as unknown[])).rows;
        },
        async exec(script: string) {
          await tx.exec(script);
        },
      }),
    );
  }

  async exec(script: string): Promise<void> {
    await this.pglite.exec(script);
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}
