import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BANKS, type BankCode } from '../../src/domain/banks.ts';
import type {
  BankConnector,
  LoginResult,
  SecondFactorResult,
  TransferOrder,
} from '../../src/ports/bank-connector.ts';
import { testCreditor } from '../support/creditor.ts';

/** What a contract run needs: connectors for each bank, and the bank's own book to check money against. */
export interface ContractBank {
  connector(code: BankCode): BankConnector;
  /** Entries booked under an idempotency key at a bank (the ledger is the truth). */
  bookedEntries(code: BankCode, idempotencyKey: string): Promise<{ amount: number }[]>;
  /** Makes the bank's confirmation of pending transfers due (waits out the delay in the simulator). */
  waitForPendingConfirmation(): Promise<void>;
  /** Blocks one payer account at the bank (the bank's own back-office does this). */
  blockAccount(code: BankCode, accountId: string): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The merchant's collecting account, at the sandbox's test bank: from any other bank, an interbank transfer. */
export const RECIPIENT = testCreditor('cl_test', '0055443322');

/** Answers any challenge the sandbox way (app: polls until the phone has answered). */
export async function passSecondFactor(
  connector: BankConnector,
  login: Extract<LoginResult, { outcome: 'ok' }>,
): Promise<SecondFactorResult> {
  const { challenge, handle } = login;
  switch (challenge.kind) {
    case 'none':
      return connector.verifySecondFactor(handle, { kind: 'none' });
    case 'code':
      return connector.verifySecondFactor(handle, { kind: 'code', code: '123456' });
    case 'coordinates':
      return connector.verifySecondFactor(handle, { kind: 'coordinates', values: ['11', '22', '33'] });
    case 'app': {
      for (let attempt = 0; attempt < 200; attempt++) {
        const result = await connector.verifySecondFactor(handle, { kind: 'app' });
        if (result.outcome !== 'waiting') return result;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('app approval never came');
    }
    default: {
      const exhaustive: never = challenge;
      throw new Error(`unknown challenge ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** Logs in and passes the second factor; returns the handle and the first account's id. */
export async function openPayer(connector: BankConnector, rut: string) {
  const login = await connector.login({ rut, password: '1234' });
  if (login.outcome !== 'ok') throw new Error(`login ${login.outcome}`);
  expect(await passSecondFactor(connector, login)).toEqual({ outcome: 'passed' });
  const accounts = await connector.listAccounts(login.handle);
  if (accounts.outcome !== 'ok') throw new Error(`accounts ${accounts.outcome}`);
  return { handle: login.handle, accounts: accounts.accounts };
}

let keys = 0;
export function order(
  handle: string,
  accountId: string,
  changes: Partial<TransferOrder> = {},
): TransferOrder {
  return {
    handle,
    accountId,
    amount: 25_000,
    recipient: RECIPIENT,
    idempotencyKey: `contract-${process.pid}-${++keys}`,
    description: 'OC-700104',
    ...changes,
  };
}

/**
 * The `BankConnector` port's contract: every outcome the port promises, for every bank. Any adapter that
 * plugs into the port (sandbox today, real banks later) must pass it against its bank.
 */
export function bankConnectorContract(name: string, setup: () => Promise<ContractBank>): void {
  describe(`BankConnector contract: ${name}`, () => {
    let bank: ContractBank;
    beforeAll(async () => {
      bank = await setup();
    });
    beforeEach(async () => bank.reset());
    afterAll(async () => bank?.close());

    describe.each(BANKS.map((entry) => entry.code))('%s', (code) => {
      it('pays: login, second factor, accounts, transfer completed, status and statement agree', async () => {
        const connector = bank.connector(code);
        expect(connector.bankCode).toBe(code);
        const { handle, accounts } = await openPayer(connector, '11.111.111-1');
        expect(accounts).toHaveLength(1);
        expect(accounts[0]?.last4).toMatch(/^\d{4}$/);
        const sent = order(handle, accounts[0]?.id ?? '');
        const result = await connector.transfer(sent);
        expect(result).toEqual({ status: 'completed', bankReference: expect.any(String) });
        expect(await connector.transferStatus(sent.idempotencyKey)).toEqual(result);
        // Credited at the recipient's bank, whichever bank the payer's is: its statement shows the credit.
        const statement = await bank.connector(RECIPIENT.bankCode).statement(RECIPIENT.accountNumber);
        if (code !== RECIPIENT.bankCode)
          expect(await connector.statement(RECIPIENT.accountNumber)).toEqual([]);
        expect(statement[0]).toMatchObject({
          idempotencyKey: sent.idempotencyKey,
          amount: 25_000,
          payerRut: '11111111-1',
          description: 'OC-700104',
          bookedAt: expect.any(Date),
        });
        expect(await bank.bookedEntries(code, sent.idempotencyKey)).toEqual([
          expect.objectContaining({ amount: 25_000 }),
        ]);
      });

      it('wrong password, blocked user, unavailable bank', async () => {
        const connector = bank.connector(code);
        expect(await connector.login({ rut: '11.111.111-1', password: '0000' })).toEqual({
          outcome: 'wrong_password',
        });
        expect(await connector.login({ rut: '33.333.333-3', password: '1234' })).toEqual({
          outcome: 'blocked',
        });
        expect(await connector.login({ rut: '88.888.888-8', password: '1234' })).toEqual({
          outcome: 'unavailable',
        });
      });

      it('second factor refused (44.444.444-4) and timed out (12.121.212-9)', async () => {
        const connector = bank.connector(code);
        for (const [rut, outcome] of [
          ['44.444.444-4', 'refused'],
          ['12.121.212-9', 'timed_out'],
        ] as const) {
          const login = await connector.login({ rut, password: '1234' });
          if (login.outcome !== 'ok') throw new Error(login.outcome);
          expect(await passSecondFactor(connector, login)).toEqual({ outcome });
          expect(await connector.listAccounts(login.handle)).toEqual({ outcome: 'session_expired' });
        }
      });

      it('transfers rejected for insufficient funds, daily limit and by the bank; nothing booked', async () => {
        const connector = bank.connector(code);
        for (const [rut, reason] of [
          ['22.222.222-2', 'insufficient_funds'],
          ['99.999.999-9', 'over_daily_limit'],
          ['66.666.666-6', 'rejected'],
        ] as const) {
          const { handle, accounts } = await openPayer(connector, rut);
          const sent = order(handle, accounts[0]?.id ?? '');
          expect(await connector.transfer(sent)).toEqual({ status: 'rejected', reason });
          expect(await connector.transferStatus(sent.idempotencyKey)).toEqual({ status: 'rejected', reason });
          expect(await bank.bookedEntries(code, sent.idempotencyKey)).toEqual([]);
        }
      });
    });

    it('a blocked account: rejected account_blocked, nothing booked', async () => {
      const connector = bank.connector('cl_scotiabank');
      const { handle, accounts } = await openPayer(connector, '11.111.111-1');
      await bank.blockAccount('cl_scotiabank', accounts[0]?.id ?? '');
      const sent = order(handle, accounts[0]?.id ?? '');
      expect(await connector.transfer(sent)).toEqual({ status: 'rejected', reason: 'account_blocked' });
      expect(await bank.bookedEntries('cl_scotiabank', sent.idempotencyKey)).toEqual([]);
    });

    it('three accounts to choose from (77.777.777-7); paying from the second debits it', async () => {
      const connector = bank.connector('cl_santander');
      const { handle, accounts } = await openPayer(connector, '77.777.777-7');
      expect(accounts).toHaveLength(3);
      expect(new Set(accounts.map((account) => account.last4)).size).toBe(3);
      const sent = order(handle, accounts[1]?.id ?? '');
      expect((await connector.transfer(sent)).status).toBe('completed');
    });

    it('pending then confirmed (55.555.555-5): booked only once confirmed', async () => {
      const connector = bank.connector('cl_bci');
      const { handle, accounts } = await openPayer(connector, '55.555.555-5');
      const sent = order(handle, accounts[0]?.id ?? '');
      const result = await connector.transfer(sent);
      expect(result).toEqual({ status: 'pending', bankReference: expect.any(String) });
      expect(await connector.transferStatus(sent.idempotencyKey)).toEqual(result);
      expect(await bank.bookedEntries('cl_bci', sent.idempotencyKey)).toEqual([]);
      await bank.waitForPendingConfirmation();
      const confirmed = await connector.transferStatus(sent.idempotencyKey);
      expect(confirmed).toEqual({
        status: 'completed',
        bankReference: result.status === 'pending' ? result.bankReference : '',
      });
      expect(await bank.bookedEntries('cl_bci', sent.idempotencyKey)).toHaveLength(1);
    });

    it('wrong code, then the right one', async () => {
      const connector = bank.connector('cl_itau');
      const login = await connector.login({ rut: '11.111.111-1', password: '1234' });
      if (login.outcome !== 'ok') throw new Error(login.outcome);
      expect(login.challenge).toEqual({ kind: 'code', length: 6 });
      expect(await connector.verifySecondFactor(login.handle, { kind: 'code', code: '999999' })).toEqual({
        outcome: 'wrong_answer',
      });
      expect(await connector.verifySecondFactor(login.handle, { kind: 'code', code: '123456' })).toEqual({
        outcome: 'passed',
      });
    });

    it('an unknown or ended bank session', async () => {
      const connector = bank.connector('cl_test');
      expect(await connector.verifySecondFactor('no-such-handle', { kind: 'none' })).toEqual({
        outcome: 'session_expired',
      });
      expect(await connector.listAccounts('no-such-handle')).toEqual({ outcome: 'session_expired' });
      const { accounts } = await openPayer(connector, '11.111.111-1');
      const sent = order('no-such-handle', accounts[0]?.id ?? '');
      expect(await connector.transfer(sent)).toEqual({ status: 'rejected', reason: 'rejected' });
      expect(await connector.transferStatus(sent.idempotencyKey)).toEqual({ status: 'not_found' });
    });

    it('transfer status of a key never sent is not_found; a statement of an unknown account is empty', async () => {
      const connector = bank.connector('cl_scotiabank');
      expect(await connector.transferStatus('never/sent?key')).toEqual({ status: 'not_found' });
      expect(await connector.statement('puente:NOBODY')).toEqual([]);
    });

    it('idempotent: the same order sent twice, and ten times at once, moves money once', async () => {
      const connector = bank.connector('cl_falabella');
      const { handle, accounts } = await openPayer(connector, '11.111.111-1');
      const sent = order(handle, accounts[0]?.id ?? '');
      const results = await Promise.all(Array.from({ length: 10 }, () => connector.transfer(sent)));
      results.push(await connector.transfer(sent));
      expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
      expect(results[0]?.status).toBe('completed');
      expect(await bank.bookedEntries('cl_falabella', sent.idempotencyKey)).toHaveLength(1);
    });
  });
}
