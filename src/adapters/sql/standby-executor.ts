import type { SqlExecutor } from '../../ports/database.ts';

/**
 * Reads sent to a streaming standby, with the primary as the way out: when the standby cannot be reached
 * the read goes to the primary and the standby is left alone for `retryAfterMs`, so an operator searching
 * during a standby outage sees fresh rows instead of an error. A query the standby cancelled because it
 * conflicted with replay (SQLSTATE 40001) is run once on the primary. Any other error is the query's own and
 * is thrown as is.
 */
export class StandbyExecutor implements SqlExecutor {
  private downUntil = 0;

  constructor(
    private readonly standby: SqlExecutor,
    private readonly primary: SqlExecutor,
    private readonly options: {
      retryAfterMs: number;
      onFallback: (error: Error) => void;
      now?: () => number;
    },
  ) {}

  /** False while the standby is being skipped after a failure. */
  get standbyInUse(): boolean {
    return this.now() >= this.downUntil;
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: { name?: string },
  ): Promise<Row[]> {
    if (this.standbyInUse) {
      try {
        return await this.standby.query<Row>(sql, params, options);
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        const kind = standbyFailure(error);
        if (kind === null) throw error;
        if (kind === 'unreachable') this.downUntil = this.now() + this.options.retryAfterMs;
        this.options.onFallback(error);
      }
    }
    return this.primary.query<Row>(sql, params, options);
  }

  exec(): Promise<void> {
    return Promise.reject(new Error('the read replica takes reads only'));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** SQLSTATE classes and codes, and `pg`'s own errors, that say the standby (not the query) failed. */
function standbyFailure(error: Error): 'unreachable' | 'replay-conflict' | null {
  const code = (error as { code?: unknown }).code;
  if (code === '40001') return 'replay-conflict';
  if (typeof code === 'string') {
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')
      return 'unreachable';
    if (/^E[A-Z]+$/.test(code)) return 'unreachable'; // ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND…
  }
  return /timeout exceeded when trying to connect|Connection terminated/i.test(error.message)
    ? 'unreachable'
    : null;
}
