import type { SqlExecutor } from '../../ports/database.ts';
import type { RateLimit } from '../../ports/rate-limit.ts';

export interface RateRule {
  /** Requests refilled per second. */
  perSecond: number;
  /** Largest burst: the bucket's capacity. */
  burst: number;
  /** Tokens an instance takes from the shared bucket at once (fewer round trips, a little more slack). */
  leaseSize: number;
}

/** How long leased tokens stay usable by the instance that took them, and a refusal is remembered. */
const LEASE_MS = 1000;

/**
 * A token bucket per key in PostgreSQL (`api_rate_buckets`), shared by every instance. An instance leases
 * up to `leaseSize` tokens in one statement (refill by elapsed time, take what is there) and spends them
 * from memory for up to a second, so the bucket's row is written once per lease, not once per request. The
 * deployment as a whole can exceed the rate by at most one lease per instance per second.
 */
export class SqlRateLimit implements RateLimit {
  private readonly leases = new Map<string, { tokens: number; until: number }>();
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly db: SqlExecutor,
    private readonly rule: RateRule,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async take(key: string): Promise<boolean> {
    const now = this.now();
    const lease = this.leases.get(key);
    if (lease && lease.tokens >= 1 && lease.until > now) {
      lease.tokens -= 1;
      return true;
    }
    const granted = await this.lease(key);
    if (granted < 1) {
      this.leases.delete(key);
      this.refused.set(key, now + LEASE_MS);
      this.forgetOld(now);
      return false;
    }
    this.leases.set(key, { tokens: granted - 1, until: now + LEASE_MS });
    this.forgetOld(now);
    return true;
  }

  refusedRecently(key: string): boolean {
    const until = this.refused.get(key);
    return until !== undefined && until > this.now();
  }

  private async lease(key: string): Promise<number> {
    const { perSecond, burst, leaseSize } = this.rule;
    // One statement: refill by the time elapsed since the last lease, grant what is there up to a lease.
    const [row] = await this.db.query<{ last_grant: number }>(
      `insert into api_rate_buckets as b (key, tokens, last_grant, updated_at)
       values ($1, $2::double precision - least($4::integer, $2::integer), least($4::integer, $2::integer), now())
       on conflict (key) do update set
         last_grant = least($4::integer, floor(least($2::double precision,
           b.tokens + extract(epoch from now() - b.updated_at) * $3::double precision))::integer),
         tokens = least($2::double precision, b.tokens + extract(epoch from now() - b.updated_at) * $3::double precision)
           - least($4::integer, floor(least($2::double precision,
             b.tokens + extract(epoch from now() - b.updated_at) * $3::double precision))::integer),
         updated_at = now()
       returning last_grant`,
      [key, burst, perSecond, leaseSize],
      { name: 'api-rate-lease' },
    );
    return Number(row?.last_grant ?? 0);
  }

  /** Bounds memory when many keys are seen: expired leases and refusals carry no information. */
  private forgetOld(now: number): void {
    if (this.leases.size + this.refused.size < 10_000) return;
    for (const [key, lease] of this.leases) if (lease.until <= now) this.leases.delete(key);
    for (const [key, until] of this.refused) if (until <= now) this.refused.delete(key);
  }
}
