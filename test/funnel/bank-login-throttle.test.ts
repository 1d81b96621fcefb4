import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, FunnelClient, formAction } from '../support/funnel-client.ts';
import { type FunnelHarness, newSession, startFunnelHarness } from '../support/funnel-harness.ts';

/**
 * Failed bank logins are limited across sessions, per RUT per bank and per client address, so that a shop's
 * public checkout cannot be used to try stolen passwords against the banks. Tried with small limits.
 */
let harness: FunnelHarness;
beforeAll(async () => {
  harness = await startFunnelHarness({
    PUENTE_BANK_LOGIN_FAILURES_PER_RUT: '2',
    PUENTE_BANK_LOGIN_FAILURES_PER_ADDRESS: '4',
    PUENTE_BANK_LOGIN_WINDOW_MINUTES: '15',
  });
});
afterAll(async () => harness?.close());

/** A new session, one bank chosen, one login posted; the page the payer lands on and the bank calls made. */
async function logInOnce(bank: string, rut: string, password: string) {
  const session = await newSession(harness);
  const client = new FunnelClient(harness.baseUrl);
  const first = await client.get(session.path);
  const chooseBank = formAction(first.body, 'bank');
  if (!chooseBank) throw new Error('no bank choice');
  await client.post(chooseBank, { csrf: csrfOf(first.body), bank });
  const login = await client.get(session.path);
  const action = formAction(login.body, 'login');
  if (!action) throw new Error('no login form');
  const answer = await client.post(action, { csrf: csrfOf(login.body), rut, password });
  const page = (await client.get(answer.location ?? session.path)).body;
  const [row] = await harness.services.db.query<{ id: number }>(
    'select id from payment_sessions where token = $1',
    [session.token],
  );
  const calls = await harness.services.db.query<{ name: string; outcome: string }>(
    "select name, outcome from payment_timeline where session_id = $1 and kind = 'bank_call'",
    [row?.id],
  );
  const notice = answer.setCookies.find((cookie) => cookie.startsWith('puente_notice=')) ?? '';
  return { page, calls, notice };
}

describe('bank logins across sessions', () => {
  it('holds back a RUT at a bank after its wrong passwords, even with the right one, without calling the bank', async () => {
    const rut = '12.345.678-5';
    for (let attempt = 0; attempt < 2; attempt++) {
      const failed = await logInOnce('cl_santander', rut, '0000');
      expect(failed.calls).toEqual([{ name: 'login', outcome: 'wrong_password' }]);
    }
    const held = await logInOnce('cl_santander', rut, '1234');
    expect(held.notice).toMatch(/^puente_notice=login_held_back_rut;/);
    expect(held.page).toContain('pausamos por unos minutos los ingresos con este RUT');
    expect(held.calls).toEqual([]);

    // Another bank is another count: the same RUT logs in there.
    const elsewhere = await logInOnce('cl_itau', rut, '1234');
    expect(elsewhere.calls.map((call) => `${call.name}:${call.outcome}`)).toEqual(['login:ok']);

    // The RUT is never stored in clear.
    const rows = await harness.services.db.query<Record<string, unknown>>(
      'select * from bank_login_attempts',
    );
    expect(JSON.stringify(rows)).not.toMatch(/12\.?345\.?678/);
    expect(await harness.services.operationsReads.bankLoginsHeldBackLast24h()).toBe(1);
  });

  it('holds back every login from an address after its wrong passwords, whatever the RUT', async () => {
    // Two failures so far from this address (above); two more with other RUTs reach its limit of four.
    await logInOnce('cl_bci', '11.111.111-1', '0000');
    await logInOnce('cl_bch', '12.121.212-9', '0000');
    const held = await logInOnce('cl_test', '76.543.210-3', '1234');
    expect(held.notice).toMatch(/^puente_notice=login_held_back_address;/);
    expect(held.calls).toEqual([]);
    expect(held.page).toContain('desde esta conexión');
  });
});
