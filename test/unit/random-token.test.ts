import { describe, expect, it } from 'vitest';
import { randomToken } from '../../src/adapters/crypto/random-token.ts';

describe('randomToken', () => {
  it('gives the asked length from the alphabet', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(randomToken(16, 'abc')).toMatch(/^[abc]{16}$/);
  });

  it('uses every character about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const sample = randomToken(62 * 2000);
    for (const character of sample) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Expected 2000 each; a biased generator (byte % 62) would give the first 8 characters ~2480.
    for (const count of counts.values()) expect(count).toBeGreaterThan(1750);
    for (const count of counts.values()) expect(count).toBeLessThan(2250);
  });

  it('never repeats', () => {
    const tokens = new Set(Array.from({ length: 10_000 }, () => randomToken()));
    expect(tokens.size).toBe(10_000);
  });
});
