import { BANKS, type BankCode } from '../domain/banks.ts';

/** The second factor each simulated bank asks for, as the real bank does it. */
export type SecondFactorKind = 'none' | 'app' | 'code' | 'coordinates';

export interface BankProfile {
  code: BankCode;
  name: string;
  secondFactor: SecondFactorKind;
  /** Prefix of the bank's transfer references, e.g. `EST-000001`. */
  referencePrefix: string;
  /** The product names this bank gives its accounts, first one is the payer's main account. */
  accountTypes: [string, string, string];
}

const PROFILES: Record<BankCode, Omit<BankProfile, 'code' | 'name'>> = {
  cl_estado: {
    secondFactor: 'app',
    referencePrefix: 'EST',
    accountTypes: ['CuentaRUT', 'Cuenta Corriente', 'Chequera Electrónica'],
  },
  cl_santander: {
    secondFactor: 'code',
    referencePrefix: 'SAN',
    accountTypes: ['Cuenta Corriente', 'Cuenta Vista', 'Cuenta Life'],
  },
  cl_bch: {
    secondFactor: 'coordinates',
    referencePrefix: 'BCH',
    accountTypes: ['Cuenta Corriente', 'Cuenta Vista', 'Cuenta FAN'],
  },
  cl_bci: {
    secondFactor: 'app',
    referencePrefix: 'BCI',
    accountTypes: ['Cuenta Corriente', 'Cuenta Vista', 'Cuenta MACH'],
  },
  cl_itau: {
    secondFactor: 'code',
    referencePrefix: 'ITA',
    accountTypes: ['Cuenta Corriente', 'Cuenta Vista', 'Cuenta Corriente en Línea'],
  },
  cl_scotiabank: {
    secondFactor: 'coordinates',
    referencePrefix: 'SCO',
    accountTypes: ['Cuenta Corriente', 'Cuenta Vista', 'Cuenta Digital'],
  },
  cl_falabella: {
    secondFactor: 'code',
    referencePrefix: 'FAL',
    accountTypes: ['Cuenta Corriente', 'Cuenta Vista', 'Cuenta de Ahorro'],
  },
  cl_test: {
    secondFactor: 'none',
    referencePrefix: 'TST',
    accountTypes: ['Cuenta Corriente', 'Cuenta Vista', 'Cuenta RUT'],
  },
};

export const BANK_PROFILES: BankProfile[] = BANKS.map((bank) => ({
  code: bank.code,
  name: bank.name,
  ...PROFILES[bank.code],
}));

export function bankProfile(code: string): BankProfile | null {
  return BANK_PROFILES.find((profile) => profile.code === code) ?? null;
}

/** The accepted answers of the sandbox's second factors (the same in every bank). */
export const SANDBOX_CODE = '123456';
export const SANDBOX_CODE_LENGTH = 6;
export const SANDBOX_COORDINATE_VALUES = ['11', '22', '33'] as const;
export const SANDBOX_PASSWORD = '1234';
