import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BankSimulator, buildBankSimulator } from '../../src/bank-simulator/app.ts';
import { adminGet, injectClient, setFaults } from './inject-client.ts';

let app: BankSimulator;
beforeAll(async () => {
  app = await buildBankSimulator({ appApprovalDelayMs: 0, maxHangMs: 150 });
});
beforeEach(async () => {
  await app.inject({ method: 'POST', url: '/admin/reset' });
});
afterAll(() => app.close());

describe('fault injection, per bank', () => {
  it('bank down answers 503 to every call of that bank only', async () => {
    await setFaults(app, 'cl_bci', { down: true });
    const login = await injectClient(app, 'cl_bci').login('11.111.111-1');
    expect(login).toMatchObject({ status: 503, body: { error: 'bank_unavailable' } });
    expect((await injectClient(app, 'cl_bci').status('x')).status).toBe(503);
    expect((await injectClient(app, 'cl_estado').login('11.111.111-1')).status).toBe(200);
  });

  it('errorRate 1 answers 500 and does nothing; limited to the operations named', async () => {
    const bank = injectClient(app, 'cl_test');
    const { session, accounts } = await bank.openSession('11.111.111-1');
    await setFaults(app, 'cl_test', { errorRate: 1, operations: ['transfer'] });
    const result = await bank.transfer(session, { account_id: accounts[0]?.id ?? '', idempotency_key: 'e' });
    expect(result).toMatchObject({ status: 500, body: { error: 'internal_error' } });
    expect((await bank.status('e')).status).toBe(404);
    expect((await bank.login('11.111.111-1')).status).toBe(200);
  });

  it('latency delays every call by at least the amount set', async () => {
    await setFaults(app, 'cl_itau', { latencyMs: 100 });
    const started = performance.now();
    await injectClient(app, 'cl_itau').login('11.111.111-1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('a hung call gets no answer until the hang limit, then 504', async () => {
    await setFaults(app, 'cl_falabella', { hangRate: 1 });
    const started = performance.now();
    const login = await injectClient(app, 'cl_falabella').login('11.111.111-1');
    expect(login.status).toBe(504);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('a garbled answer is a 200 that is not JSON', async () => {
    await setFaults(app, 'cl_test', { garbledRate: 1, operations: ['login'] });
    const response = await app.inject({
      method: 'POST',
      url: '/banks/cl_test/login',
      payload: { rut: '11.111.111-1', password: '1234' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });

  it('answer lost: the transfer is executed, the connection drops, and the status tells the truth', async () => {
    const bank = injectClient(app, 'cl_test');
    const { session, accounts } = await bank.openSession('11.111.111-1');
    await setFaults(app, 'cl_test', { answerLostRate: 1 });
    const lost = await app
      .inject({
        method: 'POST',
        url: '/banks/cl_test/transfers',
        headers: { authorization: `Bearer ${session}` },
        payload: {
          account_id: accounts[0]?.id,
          amount: 10_000,
          recipient: { account: 'puente:M1', name: 'Tienda', rut: '76.543.210-3' },
          idempotency_key: 'lost',
        },
      })
      .then(
        (response) => response.body,
        () => 'connection dropped',
      );
    expect(lost).not.toContain('completed');
    const status = await bank.status('lost');
    expect(status.body.transfer).toMatchObject({ status: 'completed', amount: 10_000 });
    expect((await adminGet(app, '/admin/ledger')).entries).toHaveLength(1);
  });

  it('faults are read back, refused when malformed, cleared by DELETE and by reset', async () => {
    await setFaults(app, 'cl_bch', { latencyMs: 5, errorRate: 0.5 });
    expect(await adminGet(app, '/admin/banks/cl_bch/faults')).toMatchObject({ latencyMs: 5, errorRate: 0.5 });
    const bad = await app.inject({
      method: 'PUT',
      url: '/admin/banks/cl_bch/faults',
      payload: { errorRate: 2 },
    });
    expect(bad.statusCode).toBe(400);
    const unknownField = await app.inject({
      method: 'PUT',
      url: '/admin/banks/cl_bch/faults',
      payload: { typo: 1 },
    });
    expect(unknownField.statusCode).toBe(400);
    await app.inject({ method: 'DELETE', url: '/admin/banks/cl_bch/faults' });
    expect(await adminGet(app, '/admin/banks/cl_bch/faults')).toMatchObject({ latencyMs: 0, errorRate: 0 });
    await setFaults(app, 'cl_bch', { down: true });
    await app.inject({ method: 'POST', url: '/admin/reset' });
    expect(await adminGet(app, '/admin/banks/cl_bch/faults')).toMatchObject({ down: false });
    expect(
      (await app.inject({ method: 'PUT', url: '/admin/banks/cl_nope/faults', payload: {} })).statusCode,
    ).toBe(404);
  });

  it('the admin API is never faulted', async () => {
    for (const code of ['cl_test', 'cl_bch']) await setFaults(app, code, { down: true, errorRate: 1 });
    expect((await app.inject({ method: 'GET', url: '/admin/ledger' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok' });
  });

  it('close() does not wait for a hung call', async () => {
    const local = await buildBankSimulator({ maxHangMs: 60_000 });
    await setFaults(local, 'cl_test', { hangRate: 1 });
    const pending = injectClient(local, 'cl_test').login('11.111.111-1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    await local.close();
    await pending.catch(() => undefined);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
