import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFinanceConnectorsFor } from '../../src/adapters/banks/open-finance/open-finance-connectors.ts';
import { loadConfig } from '../../src/config.ts';
import { BANKS, type BankCode } from '../../src/domain/banks.ts';
import type { RedirectBankConnector } from '../../src/ports/redirect-bank-connector.ts';
import { startTestBankSimulator, type TestBankSimulator } from '../support/bank-simulator.ts';
import { testCreditor } from '../support/creditor.ts';
import { authorizeAtBank } from '../support/model-bank-payer.ts';

let simulator: TestBankSimulator;
let connectorOf: (code: BankCode) => RedirectBankConnector;
/** What every test pays: the consent and the payment order carry the same amount, payee and reference. */
const PAYMENT = {
  amount: 15_990,
  recipient: testCreditor('cl_bci', '0012345678'),
  reference: 'PTEK7MQ2XAB OC-1',
};
let keys = 0;

beforeAll(async () => {
  simulator = await startTestBankSimulator();
  const config = loadConfig({
    PUENTE_DATA_DIR: mkdtempSync(join(tmpdir(), 'puente-of-')),
    PUENTE_PAYMENT_URL: 'http://pay.puente.test',
    PUENTE_BANK_SIM_URL: simulator.url,
    PUENTE_OPEN_FINANCE_BANKS: 'all',
    // Generous: each model bank builds its authorisation server on its first call (slow on a busy machine).
    PUENTE_BANK_TIMEOUT_MS: '15000',
  });
  const connectors = openFinanceConnectorsFor(config);
  connectorOf = (code) => {
    const connector = connectors(code);
    if (!connector) throw new Error(`no open-finance connector for ${code}`);
    return connector;
  };
});
afterAll(async () => simulator.close());

async function authorise(code: BankCode, rut: string, decision?: 'authorise' | 'reject' | 'cancel') {
  const connector = connectorOf(code);
  const idempotencyKey = `key-${process.pid}-${++keys}`;
  const state = `1.state-${keys}-${Math.random()}`;
  const start = await connector.startAuthorization({ ...PAYMENT, idempotencyKey, state });
  if (start.outcome !== 'redirect') throw new Error(`start: ${start.outcome}`);
  const { callbackUrl } = await authorizeAtBank(start.redirectUrl, {
    rut,
    ...(decision ? { decision } : {}),
  });
  /** The payment order of this consent, once the bank's grant is in hand. */
  const orderWith = (grant: string) => ({
    ...PAYMENT,
    grant,
    consentId: start.kept.consentId,
    idempotencyKey,
  });
  return { connector, start, callbackUrl, idempotencyKey, orderWith };
}

describe('model bank and open-finance connector', () => {
  it.each(BANKS.map((bank) => bank.code))(
    '%s: consent, authorisation at the bank, one payment by key',
    async (code) => {
      const { connector, start, callbackUrl, idempotencyKey, orderWith } = await authorise(
        code,
        '11.111.111-1',
      );
      expect(callbackUrl.searchParams.get('iss')).toBe(`${simulator.url}/banks/${code}/open-finance/oauth`);
      const end = await connector.completeAuthorization(callbackUrl, start.kept);
      expect(end.outcome).toBe('authorized');
      if (end.outcome !== 'authorized') return;
      const order = orderWith(end.grant);
      const paid = await connector.submitPayment(order);
      expect(paid.status).toBe('completed');
      const again = await connector.submitPayment(order);
      expect(again).toEqual(paid);
      expect(await connector.paymentStatus({ ...order, paymentId: paid.paymentId ?? null })).toEqual(paid);
      const entries = (await simulator.ledger(code)).filter(
        (entry) => entry.idempotency_key === idempotencyKey,
      );
      expect(entries).toHaveLength(1);
      expect(entries[0]?.amount).toBe(15_990);
      // The code was for one exchange only.
      expect((await connector.completeAuthorization(callbackUrl, start.kept)).outcome).toBe('invalid');
    },
  );

  it('the creditor on the wire is the collecting account; an order naming another creditor than its consent moves nothing', async () => {
    const { connector, start, callbackUrl, idempotencyKey, orderWith } = await authorise(
      'cl_itau',
      '11.111.111-1',
    );
    const end = await connector.completeAuthorization(callbackUrl, start.kept);
    if (end.outcome !== 'authorized') throw new Error(end.outcome);
    const order = orderWith(end.grant);
    // Another holder name, then another account: the bank refuses both orders (not its consent's).
    for (const recipient of [
      { ...order.recipient, holderName: 'Otra Tienda SpA' },
      { ...order.recipient, accountNumber: '0000000001' },
      { ...order.recipient, bankCode: 'cl_bch' as const },
    ]) {
      expect(await connector.submitPayment({ ...order, recipient })).toEqual({ status: 'unknown' });
    }
    expect((await simulator.ledger()).filter((entry) => entry.idempotency_key === idempotencyKey)).toEqual(
      [],
    );
    expect((await connector.submitPayment(order)).status).toBe('completed');
    // Paid from Itaú into the collecting account at BCI: BCI's statement of that account shows it.
    expect((await simulator.ledger()).filter((entry) => entry.idempotency_key === idempotencyKey)).toEqual([
      expect.objectContaining({ bank: 'cl_bci', credit_account: '0012345678', amount: 15_990 }),
    ]);
    const balances = await simulator.balances('cl_bci');
    expect(balances.recipient_accounts).toContainEqual(
      expect.objectContaining({ bank: 'cl_bci', account: '0012345678' }),
    );
  });

  it.each([
    ['22.222.222-2', { status: 'rejected', reason: 'insufficient_funds' }],
    ['99.999.999-9', { status: 'rejected', reason: 'over_daily_limit' }],
    ['66.666.666-6', { status: 'rejected', reason: 'rejected' }],
    ['55.555.555-5', { status: 'pending' }],
  ] as const)('test payer %s: payment %o', async (rut, expected) => {
    const { connector, start, callbackUrl, orderWith } = await authorise('cl_test', rut);
    const end = await connector.completeAuthorization(callbackUrl, start.kept);
    if (end.outcome !== 'authorized') throw new Error(end.outcome);
    const paid = await connector.submitPayment(orderWith(end.grant));
    expect(paid).toMatchObject(expected);
  });

  it('payer cancel, payer reject, bank refusal and a blocked payer come back as denied', async () => {
    for (const [rut, decision, reason] of [
      ['11.111.111-1', 'cancel', 'cancelled'],
      ['11.111.111-1', 'reject', 'rejected'],
      ['44.444.444-4', 'authorise', 'rejected'],
    ] as const) {
      const { connector, start, callbackUrl } = await authorise('cl_bci', rut, decision);
      expect(await connector.completeAuthorization(callbackUrl, start.kept)).toEqual({
        outcome: 'denied',
        reason,
      });
    }
  });

  it('refuses a wrong state, a wrong iss and a code from another authorisation', async () => {
    const first = await authorise('cl_santander', '11.111.111-1');
    const second = await authorise('cl_santander', '11.111.111-1');
    const wrongState = new URL(first.callbackUrl);
    wrongState.searchParams.set('state', 'forged');
    expect((await first.connector.completeAuthorization(wrongState, first.start.kept)).outcome).toBe(
      'invalid',
    );
    const wrongIss = new URL(first.callbackUrl);
    wrongIss.searchParams.set('iss', `${simulator.url}/banks/cl_bch/open-finance/oauth`);
    expect((await first.connector.completeAuthorization(wrongIss, first.start.kept)).outcome).toBe('invalid');
    // Second's code under first's state: PKCE does not match, the bank refuses the exchange.
    const foreign = new URL(second.callbackUrl);
    foreign.searchParams.set('state', first.start.kept.state);
    expect((await first.connector.completeAuthorization(foreign, first.start.kept)).outcome).toBe('invalid');
  });

  it('payment pending then rejected (fault) gives the payer the money back', async () => {
    await simulator.setFaults('cl_itau', { pendingThenRejectedRate: 1 });
    try {
      const { connector, start, callbackUrl, idempotencyKey, orderWith } = await authorise(
        'cl_itau',
        '11.111.111-1',
      );
      const end = await connector.completeAuthorization(callbackUrl, start.kept);
      if (end.outcome !== 'authorized') throw new Error(end.outcome);
      const order = orderWith(end.grant);
      const paid = await connector.submitPayment(order);
      expect(paid.status).toBe('pending');
      await new Promise((done) => setTimeout(done, 300));
      expect(await connector.paymentStatus({ ...order, paymentId: paid.paymentId ?? null })).toMatchObject({
        status: 'rejected',
      });
      expect(
        (await simulator.ledger('cl_itau')).filter((entry) => entry.idempotency_key === idempotencyKey),
      ).toHaveLength(0);
    } finally {
      await simulator.setFaults('cl_itau', {});
    }
  });

  it('a 5xx on the payment order is unknown, never success', async () => {
    const { connector, start, callbackUrl, idempotencyKey, orderWith } = await authorise(
      'cl_falabella',
      '11.111.111-1',
    );
    const end = await connector.completeAuthorization(callbackUrl, start.kept);
    if (end.outcome !== 'authorized') throw new Error(end.outcome);
    const order = orderWith(end.grant);
    await simulator.setFaults('cl_falabella', { answerLostRate: 1, operations: ['payment'] });
    try {
      expect(await connector.submitPayment(order)).toEqual({ status: 'unknown' });
    } finally {
      await simulator.setFaults('cl_falabella', {});
    }
    // The bank did it once; asking by the same key finds it, and nothing moves twice.
    expect(await connector.paymentStatus(order)).toMatchObject({ status: 'completed' });
    expect(
      (await simulator.ledger('cl_falabella')).filter((entry) => entry.idempotency_key === idempotencyKey),
    ).toHaveLength(1);
  });
});
