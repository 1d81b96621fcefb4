import { bankByCode, parseBankCode } from '../../domain/banks.ts';
import { ACCOUNT_TYPES, type AccountType, DEFAULT_WINDOW_HOURS } from '../../domain/direct-transfer.ts';
import { validationError } from '../../domain/errors.ts';
import type { Merchant } from '../../domain/merchant.ts';
import { parseRut } from '../../domain/rut.ts';
import type { DirectTransferStore } from '../../ports/direct-transfer-store.ts';

export interface CollectingAccountInput {
  bankCode: string;
  accountType: string;
  accountNumber: string;
  holderName: string;
  holderRut: string;
  notificationEmail: string;
  enabled?: boolean;
  windowHours?: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Registers (or replaces) the merchant's collecting account and turns direct transfer on or off. Each field
 * is checked by the domain's rules; the first wrong one is named. A production merchant cannot collect into
 * the sandbox's test bank.
 */
export async function setCollectingAccount(
  deps: { directTransfers: DirectTransferStore },
  merchant: Merchant,
  input: CollectingAccountInput,
): Promise<void> {
  const bankCode = parseBankCode(input.bankCode);
  if (!bankCode || (bankByCode(bankCode).sandboxOnly && merchant.environment !== 'sandbox')) {
    throw validationError('bank', 'must be one of the bank codes of docs (cl_bci, cl_santander, …)');
  }
  if (!ACCOUNT_TYPES.includes(input.accountType as AccountType)) {
    throw validationError('account_type', `must be one of ${ACCOUNT_TYPES.join(', ')}`);
  }
  const accountNumber = input.accountNumber.replace(/[\s.-]/g, '');
  if (!/^\d{4,20}$/.test(accountNumber)) throw validationError('account_number', 'must be 4 to 20 digits');
  const holderName = input.holderName.trim();
  if (holderName.length < 2 || holderName.length > 100) {
    throw validationError('holder_name', 'must be 2 to 100 characters');
  }
  const holderRut = parseRut(input.holderRut);
  if (!holderRut) throw validationError('holder_rut', 'must be a valid RUT');
  const notificationEmail = input.notificationEmail.trim();
  if (!EMAIL.test(notificationEmail) || notificationEmail.length > 200) {
    throw validationError('notification_email', 'must be an e-mail address');
  }
  const windowHours = input.windowHours ?? DEFAULT_WINDOW_HOURS;
  if (!Number.isInteger(windowHours) || windowHours < 1 || windowHours > 720) {
    throw validationError('window_hours', 'must be a whole number of hours from 1 to 720');
  }
  await deps.directTransfers.saveCollectingAccount({
    merchantId: merchant.id,
    bankCode,
    accountType: input.accountType as AccountType,
    accountNumber,
    holderName,
    holderRut,
    notificationEmail,
    enabled: input.enabled ?? true,
    windowHours,
  });
}
