import type { BankCode } from '../../domain/banks.ts';
import type {
  AccountsResult,
  BankConnector,
  LoginResult,
  SecondFactorResult,
  StatementEntry,
  TransferResult,
} from '../../ports/bank-connector.ts';
import { BankUnavailableError } from './bank-errors.ts';

/**
 * A bank with no adapter in this deployment (production before real connectors exist): every login says
 * the bank is unavailable, so no payer gets further and no money can move.
 */
export class UnavailableBankConnector implements BankConnector {
  constructor(readonly bankCode: BankCode) {}

  async login(): Promise<LoginResult> {
    return { outcome: 'unavailable' };
  }

  async verifySecondFactor(): Promise<SecondFactorResult> {
    return { outcome: 'unavailable' };
  }

  async listAccounts(): Promise<AccountsResult> {
    return { outcome: 'unavailable' };
  }

  async transfer(): Promise<TransferResult> {
    return { status: 'unknown' };
  }

  async transferStatus(): Promise<TransferResult | { status: 'not_found' }> {
    return { status: 'unknown' };
  }

  async statement(): Promise<StatementEntry[]> {
    throw new BankUnavailableError(this.bankCode, 'no connector for this bank');
  }
}
