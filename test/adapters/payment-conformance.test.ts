import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxBankConnectors } from '../../src/adapters/banks/bank-connectors.ts';
import { openFinanceConnectorsFor } from '../../src/adapters/banks/open-finance/open-finance-connectors.ts';
import { loadConfig } from '../../src/config.ts';
import type { BankCode } from '../../src/domain/banks.ts';
import type { TransferResult } from '../../src/ports/bank-connector.ts';
import { startTestBankSimulator, type TestBankSimulator } from '../support/bank-simulator.ts';
import { authorizeAtBank } from '../support/model-bank-payer.ts';
import { openPayer, RECIPIENT } from './bank-connector-contract.ts';

/**
 * What both ways of moving money promise the funnel, checked the same way for each: the credentials
 * connector (`BankConnector`) and the open-finance connector (`RedirectBankConnector`), against the same
 * simulator and ledger. A driver reduces each to "authorise as this payer, then send with this key" and
 * "what became of this key".
 */
interface Driver {
  /** Authorises as `rut` and returns a function that sends the transfer / payment order with `key`. */
  authorise(bank: BankCode, rut: string, key: string): Promise<() => Promise<TransferResult>>;
  /** Asks the bank what became of the transfer sent with `key` (after `authorise` for that key). */
  status(bank: BankCode, key: string): Promise<TransferResult | { status: 'not_found' }>;
}

let simulator: TestBankSimulator;
const drivers: Record<string, Driver> = {};
let keys = 0;
const AMOUNT = 25_000;

beforeAll(async () => {
  simulator = await startTestBankSimulator();
  const credentials = sandboxBankConnectors({ baseUrl: simulator.url, timeoutMs: 3000 });
  drivers.credentials = {
    async authorise(bank, rut, key) {
      const connector = credentials(bank);
      const { handle, accounts } = await openPayer(connector, rut);
      const accountId = accounts[0]?.id ?? '';
      return () =>
        connector.transfer({
          handle,
          accountId,
          amount: AMOUNT,
          recipient: RECIPIENT,
          idempotencyKey: key,
          description: key,
        });
    },
    status: (bank, key) => credentials(bank).transferStatus(key),
  };
  const openFinance = openFinanceConnectorsFor(
    loadConfig({
      PUENTE_DATA_DIR: mkdtempSync(join(tmpdir(), 'puente-conformance-')),
      PUENTE_PAYMENT_URL: 'http://pay.puente.test',
      PUENTE_BANK_SIM_URL: simulator.url,
      PUENTE_OPEN_FINANCE_BANKS: 'all',
      // Generous: each model bank builds its authorisation server on its first call.
      PUENTE_BANK_TIMEOUT_MS: '15000',
    }),
  );
  const orders = new Map<
    string,
    Parameters<NonNullable<ReturnType<typeof openFinance>>['submitPayment']>[0]
  >();
  drivers['open finance'] = {
    async authorise(bank, rut, key) {
      const connector = openFinance(bank);
      if (!connector) throw new Error('no connector');
      const input = {
        amount: AMOUNT,
        recipient: RECIPIENT,
        reference: key,
        idempotencyKey: key,
        state: `1.${key}`,
      };
      const start = await connector.startAuthorization(input);
      if (start.outcome !== 'redirect') throw new Error(start.outcome);
      const { callbackUrl } = await authorizeAtBank(start.redirectUrl, { rut });
      const end = await connector.completeAuthorization(callbackUrl, start.kept);
      if (end.outcome !== 'authorized') throw new Error(end.outcome);
      const order = { ...input, grant: end.grant, consentId: start.kept.consentId };
      orders.set(key, order);
      return () => connector.submitPayment(order);
    },
    async status(bank, key) {
      const order = orders.get(key);
      const connector = openFinance(bank);
      if (!order || !connector) throw new Error('unknown order');
      return connector.paymentStatus(order);
    },
  };
});
afterAll(async () => simulator?.close());

const entriesFor = async (key: string) =>
  (await simulator.ledger()).filter((entry) => entry.idempotency_key === key);
const strip = (result: TransferResult | { status: 'not_found' }) => {
  const { paymentId: _id, ...rest } = result as TransferResult & { paymentId?: string };
  return rest;
};

describe.each(['credentials', 'open finance'])('payment conformance: %s', (name) => {
  const driver = () => drivers[name] as Driver;
  const key = () => `conf-${name.replace(' ', '-')}-${process.pid}-${++keys}`;

  it('the same key never moves money twice, and the status by key agrees', async () => {
    const k = key();
    const send = await driver().authorise('cl_bci', '11.111.111-1', k);
    const first = await send();
    expect(first.status).toBe('completed');
    expect(strip(await send())).toEqual(strip(first));
    expect(strip(await driver().status('cl_bci', k))).toEqual(strip(first));
    expect(await entriesFor(k)).toHaveLength(1);
  });

  it.each([
    ['22.222.222-2', { status: 'rejected', reason: 'insufficient_funds' }],
    ['99.999.999-9', { status: 'rejected', reason: 'over_daily_limit' }],
    ['66.666.666-6', { status: 'rejected', reason: 'rejected' }],
  ] as const)('test payer %s maps to %o, nothing booked', async (rut, expected) => {
    const k = key();
    const send = await driver().authorise('cl_test', rut, k);
    expect(strip(await send())).toEqual(expected);
    expect(await entriesFor(k)).toHaveLength(0);
  });

  it('pending then confirmed: pending first, completed by key later, booked once', async () => {
    const k = key();
    const send = await driver().authorise('cl_test', '55.555.555-5', k);
    expect((await send()).status).toBe('pending');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await driver().status('cl_test', k)).status).toBe('completed');
    expect(await entriesFor(k)).toHaveLength(1);
  });

  it('a 5xx or a lost answer is unknown, never success; the status by key finds the one transfer', async () => {
    for (const fault of [{ errorRate: 1 }, { answerLostRate: 1 }]) {
      const k = key();
      const send = await driver().authorise('cl_itau', '11.111.111-1', k);
      await simulator.setFaults('cl_itau', { ...fault, operations: ['transfer', 'payment'] });
      try {
        expect(await send()).toEqual({ status: 'unknown' });
      } finally {
        await simulator.setFaults('cl_itau', {});
      }
      const after = await driver().status('cl_itau', k);
      // After a 5xx nothing was done: the credentials bank never saw it; open finance re-sends the order by
      // its key (the payer authorised exactly that one). Either way, at most one transfer, never two.
      expect(['completed', 'not_found']).toContain(after.status);
      expect((await entriesFor(k)).length).toBe(after.status === 'completed' ? 1 : 0);
    }
  });
});
