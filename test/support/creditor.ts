import type { BankCode } from '../../src/domain/banks.ts';
import type { Creditor } from '../../src/domain/creditor.ts';
import type { Rut } from '../../src/domain/rut.ts';

/** A creditor for connector tests: a merchant's collecting account at `bankCode` (default the sandbox's). */
export function testCreditor(bankCode: BankCode = 'cl_test', accountNumber = '0076543210'): Creditor {
  return {
    bankCode,
    accountType: 'corriente',
    accountNumber,
    holderName: 'Tienda de Prueba SpA',
    holderRut: '76543210-3' as Rut,
  };
}
