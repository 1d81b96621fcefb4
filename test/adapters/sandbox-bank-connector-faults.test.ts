import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BankProtocolError, BankUnavailableError } from '../../src/adapters/banks/bank-errors.ts';
import { SandboxBankConnector, toTransferResult } from '../../src/adapters/banks/sandbox-bank-connector.ts';
import { startTestBankSimulator, type TestBankSimulator } from '../support/bank-simulator.ts';
import { openPayer, order, RECIPIENT } from './bank-connector-contract.ts';

// `bank` is patient enough for a loaded machine; `impatient` is only used where a timeout is the point.
const TIMEOUT = 300;
let simulator: TestBankSimulator;
let bank: SandboxBankConnector;
let impatient: SandboxBankConnector;
beforeAll(async () => {
  simulator = await startTestBankSimulator({ appApprovalDelayMs: 0, maxHangMs: 5_000 });
  bank = new SandboxBankConnector('cl_test', { baseUrl: simulator.url, timeoutMs: 10_000 });
  impatient = new SandboxBankConnector('cl_test', { baseUrl: simulator.url, timeoutMs: TIMEOUT });
});
beforeEach(() => simulator.reset());
afterAll(() => simulator.close());

const booked = async (key: string) =>
  (await simulator.ledger('cl_test')).filter((entry) => entry.idempotency_key === key);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a transfer without a trustworthy answer is unknown, never success', () => {
  it('answer lost: executed, unknown to the caller, completed by status, and a resend books nothing more', async () => {
    const { handle, accounts } = await openPayer(bank, '11.111.111-1');
    const sent = order(handle, accounts[0]?.id ?? '');
    await simulator.setFaults('cl_test', { answerLostRate: 1 });
    expect(await bank.transfer(sent)).toEqual({ status: 'unknown' });
    await simulator.setFaults('cl_test', {});
    const status = await bank.transferStatus(sent.idempotencyKey);
    expect(status).toEqual({ status: 'completed', bankReference: expect.any(String) });
    expect(await bank.transfer(sent)).toEqual(status);
    expect(await booked(sent.idempotencyKey)).toHaveLength(1);
  });

  it('timeout while the bank is slow: unknown, and the bank still executes it once', async () => {
    const { handle, accounts } = await openPayer(bank, '11.111.111-1');
    const sent = order(handle, accounts[0]?.id ?? '');
    await simulator.setFaults('cl_test', { latencyMs: 3_000, operations: ['transfer'] });
    const started = performance.now();
    expect(await impatient.transfer(sent)).toEqual({ status: 'unknown' });
    // The connector gave up at its deadline; the bank went on once the caller hung up.
    expect(performance.now() - started).toBeLessThan(2_000);
    let status = await bank.transferStatus(sent.idempotencyKey);
    for (let attempt = 0; status.status === 'not_found' && attempt < 50; attempt++) {
      await sleep(20);
      status = await bank.transferStatus(sent.idempotencyKey);
    }
    expect(status.status).toBe('completed');
    expect(await booked(sent.idempotencyKey)).toHaveLength(1);
  });

  it('a hung bank: unknown after the timeout, and not_found because it never executed', async () => {
    const { handle, accounts } = await openPayer(bank, '11.111.111-1');
    const sent = order(handle, accounts[0]?.id ?? '');
    await simulator.setFaults('cl_test', { hangRate: 1, operations: ['transfer'] });
    expect(await impatient.transfer(sent)).toEqual({ status: 'unknown' });
    expect(await bank.transferStatus(sent.idempotencyKey)).toEqual({ status: 'not_found' });
    expect(await booked(sent.idempotencyKey)).toHaveLength(0);
  });

  it.each([
    ['5xx', { errorRate: 1 }],
    ['bank down', { down: true }],
    ['a garbled 200', { garbledRate: 1 }],
  ])('%s on transfer: unknown, nothing moved', async (_name, faults) => {
    const { handle, accounts } = await openPayer(bank, '11.111.111-1');
    const sent = order(handle, accounts[0]?.id ?? '');
    await simulator.setFaults('cl_test', { ...faults, operations: ['transfer'] });
    expect(await bank.transfer(sent)).toEqual({ status: 'unknown' });
    await simulator.setFaults('cl_test', {});
    expect(await bank.transferStatus(sent.idempotencyKey)).toEqual({ status: 'not_found' });
  });

  it('a status call that fails is unknown, not not_found', async () => {
    for (const faults of [{ errorRate: 1 }, { down: true }, { hangRate: 1 }, { garbledRate: 1 }]) {
      await simulator.setFaults('cl_test', faults);
      expect(await impatient.transferStatus('whatever')).toEqual({ status: 'unknown' });
    }
  });

  it('nothing listening at all: unknown', async () => {
    const nowhere = new SandboxBankConnector('cl_test', {
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: TIMEOUT,
    });
    expect(await nowhere.transfer(order('h', 'a'))).toEqual({ status: 'unknown' });
    expect(await nowhere.transferStatus('k')).toEqual({ status: 'unknown' });
    expect(await nowhere.login({ rut: '11.111.111-1', password: '1234' })).toEqual({
      outcome: 'unavailable',
    });
  });
});

describe('the other calls say unavailable when the bank cannot answer', () => {
  it.each([
    ['5xx', { errorRate: 1 }],
    ['bank down', { down: true }],
    ['hang (timeout)', { hangRate: 1 }],
    ['a garbled 200', { garbledRate: 1 }],
  ])('%s', async (_name, faults) => {
    const login = await bank.login({ rut: '11.111.111-1', password: '1234' });
    if (login.outcome !== 'ok') throw new Error(login.outcome);
    await simulator.setFaults('cl_test', faults);
    expect(await impatient.login({ rut: '11.111.111-1', password: '1234' })).toEqual({
      outcome: 'unavailable',
    });
    expect(await impatient.verifySecondFactor(login.handle, { kind: 'none' })).toEqual({
      outcome: 'unavailable',
    });
    expect(await impatient.listAccounts(login.handle)).toEqual({ outcome: 'unavailable' });
    await expect(impatient.statement(RECIPIENT.accountNumber)).rejects.toBeInstanceOf(BankUnavailableError);
  });
});

it('an app approval the payer has not given yet is waiting', async () => {
  const slow = await startTestBankSimulator({ appApprovalDelayMs: 60_000 });
  try {
    const estado = new SandboxBankConnector('cl_estado', { baseUrl: slow.url, timeoutMs: 10_000 });
    const login = await estado.login({ rut: '11.111.111-1', password: '1234' });
    if (login.outcome !== 'ok') throw new Error(login.outcome);
    expect(login.challenge).toEqual({ kind: 'app' });
    expect(await estado.verifySecondFactor(login.handle, { kind: 'app' })).toEqual({ outcome: 'waiting' });
    expect(await estado.listAccounts(login.handle)).toEqual({ outcome: 'session_expired' });
  } finally {
    await slow.close();
  }
});

describe('faults of our own code are thrown', () => {
  it('reusing a key for a different transfer throws, and moves nothing more', async () => {
    const { handle, accounts } = await openPayer(bank, '11.111.111-1');
    const sent = order(handle, accounts[0]?.id ?? '');
    await bank.transfer(sent);
    await expect(bank.transfer({ ...sent, amount: sent.amount + 1 })).rejects.toBeInstanceOf(
      BankProtocolError,
    );
    expect(await booked(sent.idempotencyKey)).toHaveLength(1);
  });

  it('answering a challenge with the wrong kind throws', async () => {
    const itau = new SandboxBankConnector('cl_itau', { baseUrl: simulator.url, timeoutMs: 10_000 });
    const login = await itau.login({ rut: '11.111.111-1', password: '1234' });
    if (login.outcome !== 'ok') throw new Error(login.outcome);
    await expect(itau.verifySecondFactor(login.handle, { kind: 'app' })).rejects.toThrow(/malformed/);
  });
});

describe('mapping of transfer answers', () => {
  const wire = { idempotency_key: 'k', reference: 'TST-1', reason: null, amount: 100 };
  const sent = order('h', 'a', { idempotencyKey: 'k', amount: 100 });

  it('an unknown status is unknown, never success', () => {
    for (const status of ['processing', 'COMPLETED', 'ok', '']) {
      expect(toTransferResult({ ...wire, status }, sent)).toEqual({ status: 'unknown' });
    }
  });

  it('an answer about another key or amount is unknown', () => {
    expect(toTransferResult({ ...wire, status: 'completed', idempotency_key: 'other' }, sent)).toEqual({
      status: 'unknown',
    });
    expect(toTransferResult({ ...wire, status: 'completed', amount: 101 }, sent)).toEqual({
      status: 'unknown',
    });
  });

  it('completed without a reference is unknown; an unknown rejection reason is a plain rejection', () => {
    expect(toTransferResult({ ...wire, status: 'completed', reference: null }, sent)).toEqual({
      status: 'unknown',
    });
    expect(toTransferResult({ ...wire, status: 'rejected', reason: 'fraud_suspected' }, sent)).toEqual({
      status: 'rejected',
      reason: 'rejected',
    });
  });
});
