/** The Chilean banks Puente knows, by the codes of the merchant protocol. */
export const BANKS = [
  { code: 'cl_estado', name: 'BancoEstado', sandboxOnly: false },
  { code: 'cl_santander', name: 'Santander', sandboxOnly: false },
  { code: 'cl_bch', name: 'Banco de Chile / Edwards', sandboxOnly: false },
  { code: 'cl_bci', name: 'BCI', sandboxOnly: false },
  { code: 'cl_itau', name: 'Itaú', sandboxOnly: false },
  { code: 'cl_scotiabank', name: 'Scotiabank', sandboxOnly: false },
  { code: 'cl_falabella', name: 'Banco Falabella', sandboxOnly: false },
  { code: 'cl_test', name: 'Banco de Pruebas', sandboxOnly: true },
] as const;

export type BankCode = (typeof BANKS)[number]['code'];
export type Bank = (typeof BANKS)[number];

export type Environment = 'sandbox' | 'production';

/** Bank codes are case-insensitive on the wire (`CL_BCH` is `cl_bch`). */
export function parseBankCode(text: string): BankCode | null {
  const code = text.trim().toLowerCase();
  return BANKS.find((bank) => bank.code === code)?.code ?? null;
}

export function banksFor(environment: Environment): Bank[] {
  return BANKS.filter((bank) => environment === 'sandbox' || !bank.sandboxOnly);
}

export function bankByCode(code: BankCode): Bank {
  const bank = BANKS.find((candidate) => candidate.code === code);
  if (!bank) throw new Error(`unknown bank code ${code}`);
  return bank;
}
