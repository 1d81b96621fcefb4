import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BankSimulator, buildBankSimulator } from '../../src/bank-simulator/app.ts';
import { adminGet, injectClient, RECIPIENT } from './inject-client.ts';

const PENDING_DELAY = 1_500;
let app: BankSimulator;
beforeAll(async () => {
  app = await buildBankSimulator({ appApprovalDelayMs: 0, pendingConfirmationDelayMs: PENDING_DELAY });
});
beforeEach(async () => {
  await app.inject({ method: 'POST', url: '/admin/reset' });
});
afterAll(() => app.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ledger = async (bank?: string) =>
  (await adminGet(app, `/admin/ledger${bank ? `?bank=${bank}` : ''}`)).entries as {
    idempotency_key: string;
    amount: number;
    debit_account: string;
    credit_account: string;
  }[];
const balanceOf = async (accountId: string) =>
  (await adminGet(app, '/admin/balances')).payer_accounts.find(
    (account: { id: string }) => account.id === accountId,
  ).balance as number;

describe('a successful transfer (11.111.111-1)', () => {
  it('moves the money once: debit, credit to the recipient opened on first credit, one ledger entry', async () => {
    const bank = injectClient(app, 'cl_santander');
    const { session, accounts } = await bank.openSession('11.111.111-1');
    const account = accounts[0]?.id ?? '';
    const before = await balanceOf(account);
    const result = await bank.transfer(session, {
      account_id: account,
      idempotency_key: 'pay-1',
      amount: 50_000,
    });
    expect(result.status).toBe(200);
    expect(result.body.transfer).toMatchObject({ status: 'completed', reason: null, amount: 50_000 });
    expect(result.body.transfer.reference).toMatch(/^SAN-\d{8}$/);

    expect(await balanceOf(account)).toBe(before - 50_000);
    const balances = await adminGet(app, '/admin/balances');
    expect(balances.recipient_accounts).toEqual([
      expect.objectContaining({ bank: 'cl_santander', account: RECIPIENT.account, balance: 50_000 }),
    ]);
    const entries = await ledger();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      idempotency_key: 'pay-1',
      amount: 50_000,
      debit_account: account,
      credit_account: RECIPIENT.account,
    });
  });

  it('an ordinary RUT succeeds too, in every bank', async () => {
    for (const code of ['cl_test', 'cl_itau', 'cl_falabella', 'cl_bch', 'cl_scotiabank']) {
      const bank = injectClient(app, code);
      const { session, accounts } = await bank.openSession('12.345.678-5');
      const result = await bank.transfer(session, {
        account_id: accounts[0]?.id ?? '',
        idempotency_key: code,
      });
      expect(result.body.transfer.status).toBe('completed');
    }
    expect(await ledger()).toHaveLength(5);
  });
});

describe('idempotency by key', () => {
  it('the same key sent twice returns the same transfer and moves money once', async () => {
    const bank = injectClient(app, 'cl_test');
    const { session, accounts } = await bank.openSession('11.111.111-1');
    const order = { account_id: accounts[0]?.id ?? '', idempotency_key: 'twice' };
    const first = await bank.transfer(session, order);
    const second = await bank.transfer(session, order);
    expect(second.body).toEqual(first.body);
    expect(await ledger()).toHaveLength(1);
  });

  it('fifty concurrent requests with one key book one entry', async () => {
    const bank = injectClient(app, 'cl_test');
    const { session, accounts } = await bank.openSession('11.111.111-1');
    const order = { account_id: accounts[0]?.id ?? '', idempotency_key: 'race' };
    const results = await Promise.all(Array.from({ length: 50 }, () => bank.transfer(session, order)));
    expect(new Set(results.map((result) => result.body.transfer.reference)).size).toBe(1);
    expect(await ledger()).toHaveLength(1);
  });

  it('the same key after the session ended still returns the first result', async () => {
    const bank = injectClient(app, 'cl_test');
    const { session, accounts } = await bank.openSession('11.111.111-1');
    const order = { account_id: accounts[0]?.id ?? '', idempotency_key: 'later' };
    const first = await bank.transfer(session, order);
    const again = await bank.transfer('ended-session', order);
    expect(again.body).toEqual(first.body);
  });

  it('the same key with another amount, account or recipient is refused and moves nothing', async () => {
    const bank = injectClient(app, 'cl_test');
    const { session, accounts } = await bank.openSession('77.777.777-7');
    const order = { account_id: accounts[0]?.id ?? '', idempotency_key: 'conflict' };
    await bank.transfer(session, order);
    for (const change of [
      { amount: 50_001 },
      { account_id: accounts[1]?.id ?? '' },
      { recipient: { ...RECIPIENT, account: 'puente:OTHER' } },
    ]) {
      const refused = await bank.transfer(session, { ...order, ...change });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toBe('idempotency_conflict');
    }
    expect(await ledger()).toHaveLength(1);
  });

  it('the same key at another bank is another transfer', async () => {
    for (const code of ['cl_test', 'cl_itau']) {
      const bank = injectClient(app, code);
      const { session, accounts } = await bank.openSession('11.111.111-1');
      await bank.transfer(session, { account_id: accounts[0]?.id ?? '', idempotency_key: 'shared' });
    }
    expect(await ledger()).toHaveLength(2);
  });
});

describe('test payers whose transfer does not go through', () => {
  it.each([
    ['22.222.222-2', 'insufficient_funds'],
    ['66.666.666-6', 'rejected_by_bank'],
    ['99.999.999-9', 'daily_limit_exceeded'],
  ])('%s is rejected (%s), nothing moves, and the rejection is kept under the key', async (rut, reason) => {
    const bank = injectClient(app, 'cl_falabella');
    const { session, accounts } = await bank.openSession(rut);
    const account = accounts[0]?.id ?? '';
    const before = await balanceOf(account);
    const result = await bank.transfer(session, {
      account_id: account,
      idempotency_key: `k-${rut}`,
      amount: 1,
    });
    expect(result.body.transfer).toMatchObject({ status: 'rejected', reason });
    expect((await bank.status(`k-${rut}`)).body.transfer).toMatchObject({ status: 'rejected', reason });
    expect(await balanceOf(account)).toBe(before);
    expect(await ledger()).toHaveLength(0);
  });

  it('an account blocked by the admin API rejects with account_blocked', async () => {
    const bank = injectClient(app, 'cl_bch');
    const { session, accounts } = await bank.openSession('11.111.111-1');
    const account = accounts[0]?.id ?? '';
    const patched = await app.inject({
      method: 'PATCH',
      url: `/admin/banks/cl_bch/accounts/${account}`,
      payload: { blocked: true },
    });
    expect(patched.json()).toMatchObject({ blocked: true });
    const result = await bank.transfer(session, { account_id: account, idempotency_key: 'blocked' });
    expect(result.body.transfer).toMatchObject({ status: 'rejected', reason: 'account_blocked' });
  });

  it('a lowered balance or daily limit is enforced exactly at the boundary', async () => {
    const bank = injectClient(app, 'cl_test');
    const { session, accounts } = await bank.openSession('11.111.111-1');
    const account = accounts[0]?.id ?? '';
    await app.inject({
      method: 'PATCH',
      url: `/admin/banks/cl_test/accounts/${account}`,
      payload: { balance: 100_000, dailyLimit: 70_000 },
    });
    const send = (key: string, amount: number) =>
      bank.transfer(session, { account_id: account, idempotency_key: key, amount });
    expect((await send('a', 70_000)).body.transfer.status).toBe('completed');
    expect((await send('b', 1)).body.transfer.reason).toBe('daily_limit_exceeded');
    await app.inject({
      method: 'PATCH',
      url: `/admin/banks/cl_test/accounts/${account}`,
      payload: { dailyLimit: 1_000_000 },
    });
    expect((await send('c', 30_001)).body.transfer.reason).toBe('insufficient_funds');
    expect((await send('d', 30_000)).body.transfer.status).toBe('completed');
    expect(await balanceOf(account)).toBe(0);
  });

  it('a session whose second factor did not pass cannot transfer, and nothing is kept under the key', async () => {
    const bank = injectClient(app, 'cl_santander');
    const session = (await bank.login('11.111.111-1')).body.session_id;
    const result = await bank.transfer(session, { account_id: 'x', idempotency_key: 'early' });
    expect(result.body).toEqual({ result: 'session_expired' });
    expect((await bank.status('early')).status).toBe(404);
  });

  it("another payer's account is refused", async () => {
    const bank = injectClient(app, 'cl_test');
    const other = await bank.openSession('77.777.777-7');
    const { session } = await bank.openSession('11.111.111-1');
    const result = await bank.transfer(session, {
      account_id: other.accounts[0]?.id ?? '',
      idempotency_key: 'theft',
    });
    expect(result.status).toBe(422);
    expect(await ledger()).toHaveLength(0);
  });
});

describe('55.555.555-5: pending, confirmed a few seconds later', () => {
  it('is pending with money held, then completed and booked once after the delay', async () => {
    const bank = injectClient(app, 'cl_itau');
    const { session, accounts } = await bank.openSession('55.555.555-5');
    const account = accounts[0]?.id ?? '';
    const before = await balanceOf(account);
    const result = await bank.transfer(session, { account_id: account, idempotency_key: 'slow' });
    expect(result.body.transfer).toMatchObject({ status: 'pending', reason: null });
    expect((await bank.status('slow')).body.transfer.status).toBe('pending');
    expect(await ledger()).toHaveLength(0);
    expect(await balanceOf(account)).toBe(before - 50_000);

    await sleep(PENDING_DELAY + 10);
    const settled = await bank.status('slow');
    expect(settled.body.transfer).toMatchObject({
      status: 'completed',
      reference: result.body.transfer.reference,
    });
    expect(await ledger()).toHaveLength(1);
    // Asking again, or resending the key, never books it twice.
    await bank.transfer(session, { account_id: account, idempotency_key: 'slow' });
    expect(await ledger()).toHaveLength(1);
  });
});

describe('status and statement', () => {
  it('status by key is 404 transfer_not_found for a key the bank never received', async () => {
    const result = await injectClient(app, 'cl_test').status('never-sent');
    expect(result).toEqual({
      status: 404,
      body: { error: 'transfer_not_found', message: expect.any(String) },
    });
  });

  it('the statement lists the recipient account’s credits, newest first, per bank', async () => {
    const bank = injectClient(app, 'cl_test');
    const { session, accounts } = await bank.openSession('11.111.111-1');
    for (const [key, amount] of [
      ['s1', 1_000],
      ['s2', 2_000],
    ] as const) {
      await bank.transfer(session, { account_id: accounts[0]?.id ?? '', idempotency_key: key, amount });
    }
    const statement = await bank.statement(RECIPIENT.account);
    expect(statement.body.entries.map((entry: { idempotency_key: string }) => entry.idempotency_key)).toEqual(
      ['s2', 's1'],
    );
    expect(statement.body.entries[0]).toMatchObject({
      amount: 2_000,
      payer_rut: '11111111-1',
      description: 'OC-1',
    });
    expect((await injectClient(app, 'cl_itau').statement(RECIPIENT.account)).body.entries).toEqual([]);
  });
});
