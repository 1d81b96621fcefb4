import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BANKS } from '../../src/domain/banks.ts';
import { BANK_LOOKS, contrastRatio } from '../../src/http/funnel/bank-looks.ts';

describe('bank looks', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#fff', '#000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#f37021', '#ffffff')).toBeCloseTo(2.94, 2);
  });

  it.each(BANKS.map((bank) => bank.code))('%s: text on its colour passes WCAG AA (4.5:1)', (code) => {
    const look = BANK_LOOKS[code];
    expect(contrastRatio(look.colour, look.ink)).toBeGreaterThanOrEqual(4.5);
    expect(look.monogram.length).toBeGreaterThan(0);
  });

  it('the bank buttons use the same colours as the payment pages', () => {
    const script = readFileSync(
      new URL('../../packages/bank-buttons/puente-bank-buttons.js', import.meta.url),
      'utf8',
    );
    for (const bank of BANKS) {
      const look = BANK_LOOKS[bank.code];
      expect(script).toContain(
        `.mark[data-bank="${bank.code}"] { background: ${look.colour}; color: ${look.ink}; }`,
      );
    }
  });
});
