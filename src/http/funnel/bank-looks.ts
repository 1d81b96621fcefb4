import type { BankCode } from '../../domain/banks.ts';

/**
 * How each bank's pages look in the funnel: its colours and the words it uses for its password, so the
 * payer recognises the bank they chose. The visible label stays "Clave" (plus the bank's own name for it).
 */
export interface BankLook {
  /** Header background and primary button colour. */
  colour: string;
  ink: string;
  passwordName: { es: string; en: string };
}

export const BANK_LOOKS: Record<BankCode, BankLook> = {
  cl_estado: {
    colour: '#f37021',
    ink: '#fff',
    passwordName: { es: 'Clave Internet', en: 'Internet password' },
  },
  cl_santander: { colour: '#ec0000', ink: '#fff', passwordName: { es: 'Clave 3.0', en: 'Password 3.0' } },
  cl_bch: { colour: '#002464', ink: '#fff', passwordName: { es: 'Clave de acceso', en: 'Access password' } },
  cl_bci: { colour: '#00953b', ink: '#fff', passwordName: { es: 'Clave BCI', en: 'BCI password' } },
  cl_itau: { colour: '#ec7000', ink: '#002d72', passwordName: { es: 'Clave Itaú', en: 'Itaú password' } },
  cl_scotiabank: { colour: '#c8102e', ink: '#fff', passwordName: { es: 'Clave Web', en: 'Web password' } },
  cl_falabella: {
    colour: '#007937',
    ink: '#fff',
    passwordName: { es: 'Clave Internet', en: 'Internet password' },
  },
  cl_test: { colour: '#4b5563', ink: '#fff', passwordName: { es: 'Clave de pruebas', en: 'Test password' } },
};

/** The CSS of every bank's look, by class `bank-<code>` (served with the stylesheet, so no inline styles). */
export const BANK_LOOK_CSS = Object.entries(BANK_LOOKS)
  .map(
    ([code, look]) =>
      `.bank-${code} .bank-header { background: ${look.colour}; color: ${look.ink}; }
.bank-${code} button.primary { background: ${look.colour}; color: ${look.ink}; border-color: ${look.colour}; }`,
  )
  .join('\n');
