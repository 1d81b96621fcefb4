import { PuenteError } from '../domain/errors.ts';

/**
 * A token bucket per key (a merchant), kept in this process: each instance allows `perSecond` requests a
 * second per merchant with bursts up to twice that. With N instances behind a balancer a merchant gets at
 * most N times the rate, which is the point: protect the database from one runaway client, not meter it.
 * `perSecond` 0 turns limiting off.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();
  private readonly capacity: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = perSecond * 2;
  }

  /** Takes one request from `key`'s bucket, or throws `rate_limited`. */
  take(key: string): void {
    if (this.perSecond === 0) return;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond,
    );
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      throw new PuenteError('rate_limited', 'too many requests for this merchant; slow down and retry');
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.forgetIdle(now);
  }

  /** Full buckets carry no information; dropping them bounds memory when many keys are seen. */
  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond >= this.capacity)
        this.buckets.delete(key);
    }
  }
}
