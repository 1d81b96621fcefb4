import { describe, expect, it } from 'vitest';
import { outcomeOfAttempt } from '../../../src/domain/webhooks/delivery.ts';
import {
  DEFAULT_RETRY_SCHEDULE,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  parseRetrySchedule,
  withJitter,
} from '../../../src/domain/webhooks/retry-schedule.ts';

const at = new Date('2026-01-01T00:00:00Z');
const failed = (statusCode: number | null, extra: Record<string, unknown> = {}) => ({
  attemptedAt: at,
  statusCode,
  latencyMs: 0,
  error: statusCode === null ? 'ECONNREFUSED' : null,
  responseExcerpt: null,
  ...extra,
});

describe('retry schedule', () => {
  it('defaults to at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: about 3 days', () => {
    const schedule = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);
    expect(schedule).toEqual([0, 5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 504e5, 72e6, 864e5]);
    const total = schedule.reduce((sum, delay) => sum + delay, 0) / 86_400_000;
    expect(total).toBeGreaterThan(3);
    expect(total).toBeLessThan(3.3);
  });

  it('reads units and bare seconds, and refuses nonsense', () => {
    expect(parseRetrySchedule('0, 250ms, 2, 1.5s, 1d')).toEqual([0, 250, 2000, 1500, 86_400_000]);
    expect(() => parseRetrySchedule('5x')).toThrow(/not a duration/);
    expect(() => parseRetrySchedule('')).toThrow();
  });

  it('moves a wait by at most ±10 %', () => {
    expect(withJitter(1000, 0.1, () => 0)).toBe(900);
    expect(withJitter(1000, 0.1, () => 1)).toBe(1100);
    expect(withJitter(0, 0.1, () => 1)).toBe(0);
    for (let i = 0; i < 200; i++) {
      const delay = withJitter(60_000, 0.1);
      expect(delay).toBeGreaterThanOrEqual(54_000);
      expect(delay).toBeLessThanOrEqual(66_000);
    }
  });

  it('reads Retry-After as seconds or a date, capped at a day', () => {
    expect(parseRetryAfter('120', at)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', at)).toBe(60_000);
    expect(parseRetryAfter('999999999', at)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon', at)).toBeNull();
    expect(parseRetryAfter(undefined, at)).toBeNull();
  });
});

describe('outcome of an attempt', () => {
  const schedule = [0, 1000, 5000];

  it('any 2xx is delivered', () => {
    for (const code of [200, 201, 202, 204, 299])
      expect(outcomeOfAttempt(failed(code), 1, schedule, 0)).toEqual({ status: 'delivered' });
  });

  it('410 Gone stops at once', () => {
    expect(outcomeOfAttempt(failed(410), 1, schedule, 0)).toEqual({ status: 'failed', reason: 'gone' });
  });

  it('anything else waits for the next entry, and fails after the last', () => {
    for (const code of [null, 301, 400, 404, 429, 500, 503]) {
      expect(outcomeOfAttempt(failed(code), 1, schedule, 0)).toEqual({
        status: 'pending',
        nextAttemptAt: new Date(at.getTime() + 1000),
      });
      expect(outcomeOfAttempt(failed(code), 3, schedule, 0)).toEqual({
        status: 'failed',
        reason: 'exhausted',
      });
    }
  });

  it('a longer Retry-After wins over the schedule, a shorter one does not shorten it', () => {
    expect(outcomeOfAttempt(failed(503, { retryAfterHeader: '30' }), 1, schedule, 0)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date(at.getTime() + 30_000),
    });
    expect(outcomeOfAttempt(failed(429, { retryAfterHeader: '2' }), 2, schedule, 0)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date(at.getTime() + 5000),
    });
  });

  it('a URL the rules forbid for good fails without retries', () => {
    expect(outcomeOfAttempt(failed(null, { permanentlyRefused: true }), 1, schedule, 0)).toEqual({
      status: 'failed',
      reason: 'url_not_allowed',
    });
  });
});
