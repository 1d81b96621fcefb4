import type { BankCode } from '../../domain/banks.ts';

/**
 * How each bank's pages look in the funnel: its colours and the words it uses for its password, so the
 * payer recognises the bank they chose. The visible label stays "Clave" (plus the bank's own name for it).
 */
export interface BankLook {
  /** Header background and primary button colour: the bank's own hue, darkened where white needs it. */
  colour: string;
  /** Text on `colour`: at least 4.5:1 against it (WCAG AA for normal text; test/unit/bank-looks.test.ts). */
  ink: string;
  /** A few letters in the bank's colours stand for its logo, which is a trademark and not ours to show. */
  monogram: string;
  passwordName: { es: string; en: string };
}

export const BANK_LOOKS: Record<BankCode, BankLook> = {
  // BancoEstado's orange keeps its hue with dark ink: white on it is 2.9:1.
  cl_estado: {
    colour: '#f37021',
    ink: '#1a1a1a',
    monogram: 'BE',
    passwordName: { es: 'Clave Internet', en: 'Internet password' },
  },
  cl_santander: {
    colour: '#ec0000',
    ink: '#fff',
    monogram: 'S',
    passwordName: { es: 'Clave 3.0', en: 'Password 3.0' },
  },
  cl_bch: {
    colour: '#002464',
    ink: '#fff',
    monogram: 'BCh',
    passwordName: { es: 'Clave de acceso', en: 'Access password' },
  },
  // BCI's green darkened from #00953b (3.9:1 with white).
  cl_bci: {
    colour: '#007a30',
    ink: '#fff',
    monogram: 'bci',
    passwordName: { es: 'Clave BCI', en: 'BCI password' },
  },
  // Itaú's orange with a deeper navy than its own #002d72 (4.3:1).
  cl_itau: {
    colour: '#ec7000',
    ink: '#001a44',
    monogram: 'it',
    passwordName: { es: 'Clave Itaú', en: 'Itaú password' },
  },
  cl_scotiabank: {
    colour: '#c8102e',
    ink: '#fff',
    monogram: 'Sc',
    passwordName: { es: 'Clave Web', en: 'Web password' },
  },
  cl_falabella: {
    colour: '#007937',
    ink: '#fff',
    monogram: 'F',
    passwordName: { es: 'Clave Internet', en: 'Internet password' },
  },
  cl_test: {
    colour: '#4b5563',
    ink: '#fff',
    monogram: 'P',
    passwordName: { es: 'Clave de pruebas', en: 'Test password' },
  },
};

/** The CSS of every bank's look, by class `bank-<code>` (served with the stylesheet, so no inline styles). */
export const BANK_LOOK_CSS = Object.entries(BANK_LOOKS)
  .map(
    ([code, look]) =>
      `.bank-${code} .bank-header, .bank-mark.mark-${code} { background: ${look.colour}; color: ${look.ink}; }
.bank-${code} .bank-header .bank-mark { background: ${look.ink}; color: ${look.colour}; }
.bank-${code} button.primary { background: ${look.colour}; color: ${look.ink}; border-color: ${look.colour}; }`,
  )
  .join('\n');

/** WCAG 2 contrast ratio of two `#rgb`/`#rrggbb` colours (1 to 21). */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

function luminance(colour: string): number {
  const hex = colour.replace('#', '');
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [red, green, blue] = [0, 2, 4].map((start) => {
    const value = Number.parseInt(full.slice(start, start + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}
