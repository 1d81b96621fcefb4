import { describe, expect, it } from 'vitest';
import { formatPesos, parsePesos } from '../../src/domain/money.ts';

describe('pesos', () => {
  it.each([
    [50000, 50000],
    [50000.0, 50000],
    ['50000', 50000],
    ['50000.0', 50000],
    ['50000.00', 50000],
    [1, 1],
  ])('accepts %j as %d pesos', (value, pesos) => {
    expect(parsePesos(value)).toBe(pesos);
  });

  it.each([
    10.5,
    0,
    -5,
    '-5',
    'abc',
    '',
    ' ',
    '10.5',
    '1e5',
    '0x10',
    'Infinity',
    Number.NaN,
    Infinity,
    null,
    true,
    [1],
    {},
    2 ** 53,
    '50.000',
  ])('refuses %j', (value) => {
    expect(parsePesos(value)).toBeNull();
  });

  it('formats the Chilean way', () => {
    expect(formatPesos(50000)).toBe('$50.000');
    expect(formatPesos(1234567)).toBe('$1.234.567');
    expect(formatPesos(990)).toBe('$990');
  });
});
