import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/http/rate-limiter.ts';

describe('RateLimiter', () => {
  it('allows a burst of twice the rate, then refills at the rate, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(5, () => now);
    for (let i = 0; i < 10; i++) limiter.take('shop-a');
    expect(() => limiter.take('shop-a')).toThrow(/too many requests/);
    limiter.take('shop-b');
    now += 200;
    limiter.take('shop-a');
    expect(() => limiter.take('shop-a')).toThrow();
    now += 10_000;
    for (let i = 0; i < 10; i++) limiter.take('shop-a');
    expect(() => limiter.take('shop-a')).toThrow();
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) limiter.take('shop');
  });
});
