import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BankSimulator, buildBankSimulator } from '../../src/bank-simulator/app.ts';
import { injectClient } from './inject-client.ts';

// Long enough that the first poll surely comes before it, even on a loaded machine.
const APPROVAL_DELAY = 1_500;
let app: BankSimulator;
beforeAll(async () => {
  app = await buildBankSimulator({ appApprovalDelayMs: APPROVAL_DELAY });
});
afterAll(() => app.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('login', () => {
  it('opens a session with the sandbox password, in any RUT format, and names the holder', async () => {
    const bank = injectClient(app, 'cl_santander');
    for (const rut of ['11.111.111-1', '11111111-1', '111111111']) {
      const login = await bank.login(rut);
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ result: 'authenticated', holder_name: 'Ana Pérez Soto' });
      expect(login.body.session_id).toMatch(/^[\w-]{32}$/);
    }
  });

  it('refuses any other password, a RUT with a wrong check digit, and an overlong password', async () => {
    const bank = injectClient(app, 'cl_test');
    expect((await bank.login('11.111.111-1', '4321')).body).toEqual({ result: 'invalid_credentials' });
    expect((await bank.login('11.111.111-1', '')).body).toEqual({ result: 'invalid_credentials' });
    expect((await bank.login('11.111.111-2')).body).toEqual({ result: 'invalid_credentials' });
    expect((await bank.login('11.111.111-1', '1234'.repeat(500))).body).toEqual({
      result: 'invalid_credentials',
    });
  });

  it('says the user is blocked for 33.333.333-3, but only with the right password', async () => {
    const bank = injectClient(app, 'cl_bci');
    expect((await bank.login('33.333.333-3')).body).toEqual({ result: 'user_blocked' });
    expect((await bank.login('33.333.333-3', '9999')).body).toEqual({ result: 'invalid_credentials' });
  });

  it('is unavailable for 88.888.888-8', async () => {
    const login = await injectClient(app, 'cl_itau').login('88.888.888-8');
    expect(login.status).toBe(503);
    expect(login.body.error).toBe('bank_unavailable');
  });

  it('any other valid RUT is an ordinary payer', async () => {
    const login = await injectClient(app, 'cl_falabella').login('12.345.678-5');
    expect(login.body).toMatchObject({ result: 'authenticated', holder_name: 'Cliente de Pruebas' });
  });

  it('answers 404 for an unknown bank and 400 for a body without a password', async () => {
    expect((await injectClient(app, 'cl_nope').login('11.111.111-1')).status).toBe(404);
    const response = await app.inject({ method: 'POST', url: '/banks/cl_test/login', payload: { rut: 'x' } });
    expect(response.statusCode).toBe(400);
  });
});

describe('second factor, as each bank asks it', () => {
  it.each([
    ['cl_estado', { type: 'app' }],
    ['cl_bci', { type: 'app' }],
    ['cl_santander', { type: 'otp', length: 6 }],
    ['cl_itau', { type: 'otp', length: 6 }],
    ['cl_falabella', { type: 'otp', length: 6 }],
    ['cl_test', { type: 'none' }],
  ])('%s asks %o', async (code, challenge) => {
    const login = await injectClient(app, code).login('11.111.111-1');
    expect(login.body.second_factor).toEqual(challenge);
  });

  it.each(['cl_bch', 'cl_scotiabank'])('%s asks three distinct coordinates of its card', async (code) => {
    const login = await injectClient(app, code).login('11.111.111-1');
    expect(login.body.second_factor.type).toBe('coordinates');
    const positions: string[] = login.body.second_factor.positions;
    expect(positions).toHaveLength(3);
    expect(new Set(positions).size).toBe(3);
    for (const position of positions) expect(position).toMatch(/^[A-J][1-5]$/);
  });

  it('app approval waits, then passes after the delay; accounts only open after it', async () => {
    const bank = injectClient(app, 'cl_estado');
    const { session_id: session } = (await bank.login('11.111.111-1')).body;
    expect((await bank.answer(session, { type: 'app' })).body).toEqual({ result: 'waiting' });
    expect((await bank.accounts(session)).body).toEqual({ result: 'session_expired' });
    await sleep(APPROVAL_DELAY + 10);
    expect((await bank.answer(session, { type: 'app' })).body).toEqual({ result: 'approved' });
    expect((await bank.answer(session, { type: 'app' })).body).toEqual({ result: 'approved' });
    const accounts = await bank.accounts(session);
    expect(accounts.body.accounts).toHaveLength(1);
    expect(accounts.body.accounts[0]).toMatchObject({ type: 'CuentaRUT', currency: 'CLP' });
  });

  it('code 123456 passes; wrong codes are told, and the third one refuses the factor for good', async () => {
    const bank = injectClient(app, 'cl_santander');
    const first = (await bank.login('11.111.111-1')).body.session_id;
    expect((await bank.answer(first, { type: 'otp', code: '123456' })).body).toEqual({ result: 'approved' });

    const second = (await bank.login('11.111.111-1')).body.session_id;
    expect((await bank.answer(second, { type: 'otp', code: '000000' })).body).toEqual({
      result: 'wrong_answer',
    });
    expect((await bank.answer(second, { type: 'otp', code: '111111' })).body).toEqual({
      result: 'wrong_answer',
    });
    expect((await bank.answer(second, { type: 'otp', code: '222222' })).body).toEqual({ result: 'rejected' });
    expect((await bank.answer(second, { type: 'otp', code: '123456' })).body).toEqual({ result: 'rejected' });
  });

  it('coordinates 11 22 33 pass; others are wrong', async () => {
    const bank = injectClient(app, 'cl_scotiabank');
    const session = (await bank.login('11.111.111-1')).body.session_id;
    const wrong = await bank.answer(session, { type: 'coordinates', values: ['11', '33', '22'] });
    expect(wrong.body).toEqual({ result: 'wrong_answer' });
    const right = await bank.answer(session, { type: 'coordinates', values: ['11', ' 22', '33'] });
    expect(right.body).toEqual({ result: 'approved' });
  });

  it('an answer of the wrong kind is a malformed request; an unknown session has expired', async () => {
    const bank = injectClient(app, 'cl_itau');
    const session = (await bank.login('11.111.111-1')).body.session_id;
    expect((await bank.answer(session, { type: 'app' })).status).toBe(400);
    expect((await bank.answer('no-such-session', { type: 'otp', code: '123456' })).body).toEqual({
      result: 'session_expired',
    });
  });

  describe('44.444.444-4: the second factor is refused', () => {
    it.each([
      ['cl_santander', { type: 'otp', code: '123456' }],
      ['cl_bch', { type: 'coordinates', values: ['11', '22', '33'] }],
      ['cl_test', { type: 'none' }],
    ])('%s refuses even the right answer', async (code, answer) => {
      const bank = injectClient(app, code);
      const session = (await bank.login('44.444.444-4')).body.session_id;
      expect((await bank.answer(session, answer)).body).toEqual({ result: 'rejected' });
      expect((await bank.accounts(session)).body).toEqual({ result: 'session_expired' });
    });

    it('the app refuses after the approval delay', async () => {
      const bank = injectClient(app, 'cl_bci');
      const session = (await bank.login('44.444.444-4')).body.session_id;
      expect((await bank.answer(session, { type: 'app' })).body).toEqual({ result: 'waiting' });
      await sleep(APPROVAL_DELAY + 10);
      expect((await bank.answer(session, { type: 'app' })).body).toEqual({ result: 'rejected' });
    });
  });

  describe('12.121.212-9: the second factor times out', () => {
    it.each([
      ['cl_itau', { type: 'otp', code: '123456' }],
      ['cl_scotiabank', { type: 'coordinates', values: ['11', '22', '33'] }],
      ['cl_test', { type: 'none' }],
    ])('%s says the challenge expired', async (code, answer) => {
      const bank = injectClient(app, code);
      const session = (await bank.login('12.121.212-9')).body.session_id;
      expect((await bank.answer(session, answer)).body).toEqual({ result: 'expired' });
    });

    it('the app approval never comes and expires after the delay', async () => {
      const bank = injectClient(app, 'cl_estado');
      const session = (await bank.login('12.121.212-9')).body.session_id;
      expect((await bank.answer(session, { type: 'app' })).body).toEqual({ result: 'waiting' });
      await sleep(APPROVAL_DELAY + 10);
      expect((await bank.answer(session, { type: 'app' })).body).toEqual({ result: 'expired' });
    });
  });

  it('a challenge left open past its lifetime times out for anyone; sessions end after their TTL', async () => {
    const short = await buildBankSimulator({ secondFactorTtlMs: 20, sessionTtlMs: 2_000 });
    try {
      const bank = injectClient(short, 'cl_santander');
      const session = (await bank.login('11.111.111-1')).body.session_id;
      await sleep(30);
      expect((await bank.answer(session, { type: 'otp', code: '123456' })).body).toEqual({
        result: 'expired',
      });
      await sleep(2_000);
      expect((await bank.answer(session, { type: 'otp', code: '123456' })).body).toEqual({
        result: 'session_expired',
      });
    } finally {
      await short.close();
    }
  });
});

describe('accounts', () => {
  it('77.777.777-7 has three accounts with different endings; others one', async () => {
    const bank = injectClient(app, 'cl_bch');
    const many = await bank.openSession('77.777.777-7');
    expect(many.accounts).toHaveLength(3);
    expect(new Set(many.accounts.map((account) => account.number.slice(-4))).size).toBe(3);
    expect((await bank.openSession('11.111.111-1')).accounts).toHaveLength(1);
  });

  it('the same payer sees the same accounts in every session', async () => {
    const bank = injectClient(app, 'cl_test');
    const first = await bank.openSession('77.777.777-7');
    const second = await bank.openSession('77.777.777-7');
    expect(second.accounts).toEqual(first.accounts);
  });
});
