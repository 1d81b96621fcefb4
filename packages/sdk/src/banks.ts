/** The Chilean banks a Puente payment can start at, by the merchant protocol's `user_bank_code`. */
export const BANKS = [
  { code: 'cl_estado', name: 'BancoEstado', sandboxOnly: false },
  { code: 'cl_santander', name: 'Santander', sandboxOnly: false },
  { code: 'cl_bch', name: 'Banco de Chile / Edwards', sandboxOnly: false },
  { code: 'cl_bci', name: 'BCI', sandboxOnly: false },
  { code: 'cl_itau', name: 'Itaú', sandboxOnly: false },
  { code: 'cl_scotiabank', name: 'Scotiabank', sandboxOnly: false },
  { code: 'cl_falabella', name: 'Banco Falabella', sandboxOnly: false },
  // The sandbox's test bank: a production gateway refuses it.
  { code: 'cl_test', name: 'Banco de Pruebas', sandboxOnly: true },
] as const;

export type Bank = (typeof BANKS)[number];
export type BankCode = Bank['code'];
export type Environment = 'sandbox' | 'production';

/** The banks a payer can choose in that environment (`cl_test` only in sandbox). */
export function banks(environment: Environment = 'production'): Bank[] {
  return BANKS.filter((bank) => environment === 'sandbox' || !bank.sandboxOnly);
}

/** `CL_BCH` → `cl_bch`; `null` for a code Puente does not know. */
export function parseBankCode(text: string): BankCode | null {
  const code = text.trim().toLowerCase();
  return BANKS.find((bank) => bank.code === code)?.code ?? null;
}
