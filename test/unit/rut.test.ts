import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRut, parseRut, rutCheckDigit } from '../../src/domain/rut.ts';

describe('RUT', () => {
  it.each([
    ['12.345.678-5', '12345678-5'],
    ['12345678-5', '12345678-5'],
    ['123456785', '12345678-5'],
    ['11.111.111-1', '11111111-1'],
    ['7.654.321-6', '7654321-6'],
    ['10.000.013-k', '10000013-K'],
    ['10000013K', '10000013-K'],
    [' 12.345.678-5 ', '12345678-5'],
  ])('accepts %s as %s', (text, normalised) => {
    expect(parseRut(text)).toBe(normalised);
  });

  it.each([
    '12.345.678-4',
    '12345678-0',
    '',
    'abc',
    '12.345.678',
    '12-345-678-5',
    '1234.5678-5',
    '123.456.789-0',
    '12345678-X',
    '0-0',
    '00000000-0',
  ])('refuses %j', (text) => {
    expect(parseRut(text)).toBeNull();
  });

  it('computes the check digits the SII publishes', () => {
    expect(rutCheckDigit('11111111')).toBe('1');
    expect(rutCheckDigit('22222222')).toBe('2');
    expect(rutCheckDigit('10000013')).toBe('K');
    expect(rutCheckDigit('76086428')).toBe('5');
    expect(rutCheckDigit('99999999')).toBe('9');
  });

  it('accepts every body with its own check digit and refuses every other digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 99_999_999 }), (body) => {
        const digit = rutCheckDigit(String(body));
        expect(parseRut(`${body}-${digit}`)).toBe(`${body}-${digit}`);
        for (const other of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'K'].filter(
          (d) => d !== digit,
        )) {
          expect(parseRut(`${body}-${other}`)).toBeNull();
        }
      }),
    );
  });

  it('formats with dots', () => {
    expect(formatRut(parseRut('123456785') as never)).toBe('12.345.678-5');
    expect(formatRut(parseRut('7654321-6') as never)).toBe('7.654.321-6');
  });
});
