import type { BankCode } from './banks.ts';
import type { AccountType, CollectingAccount } from './direct-transfer.ts';
import type { Merchant } from './merchant.ts';
import type { Rut } from './rut.ts';

/**
 * Who receives a payment Puente initiates (credentials flow and open finance): what a Chilean interbank
 * transfer names, the destination bank, the account's type and number, and its holder's name and RUT.
 */
export interface Creditor {
  bankCode: BankCode;
  accountType: AccountType;
  accountNumber: string;
  holderName: string;
  holderRut: Rut;
}

/** The creditor of a merchant's collecting account: where every payment of the merchant lands. */
export function creditorOf(account: CollectingAccount): Creditor {
  return {
    bankCode: account.bankCode,
    accountType: account.accountType,
    accountNumber: account.accountNumber,
    holderName: account.holderName,
    holderRut: account.holderRut,
  };
}

/** The placeholder creditor's RUT (sandbox only; a valid check digit, nobody's). */
export const SANDBOX_CREDITOR_RUT = '76543210-3' as Rut;

/**
 * Sandbox only: the account a sandbox merchant without a collecting account is paid into, at the sandbox's
 * test bank (`cl_test`), named by the merchant's code (`puente-sbx_…`, never a real account number), so
 * that the demo and a merchant trying the sandbox pay without any setup.
 */
export function sandboxCreditor(merchant: Pick<Merchant, 'code' | 'name'>): Creditor {
  return {
    bankCode: 'cl_test',
    accountType: 'corriente',
    accountNumber: `puente-${merchant.code}`,
    holderName: merchant.name,
    holderRut: SANDBOX_CREDITOR_RUT,
  };
}

/**
 * Where a merchant's payment goes: its collecting account (whether or not payers are offered direct
 * transfer: `enabled` is only about that offer), else, in sandbox, the placeholder. A production merchant
 * without a collecting account has none: no payment may start, since money must never go to a placeholder.
 */
export function creditorFor(
  merchant: Pick<Merchant, 'code' | 'name' | 'environment'>,
  account: CollectingAccount | null,
): Creditor | null {
  if (account) return creditorOf(account);
  return merchant.environment === 'sandbox' ? sandboxCreditor(merchant) : null;
}
