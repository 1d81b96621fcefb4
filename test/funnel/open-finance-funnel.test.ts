import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorStateOf } from '../../src/bank-simulator/app.ts';
import { BANKS, type BankCode } from '../../src/domain/banks.ts';
import { openOpenFinanceHandle } from '../../src/use-cases/funnel/open-finance-handle.ts';
import { csrfOf, FunnelClient, formAction, sleep } from '../support/funnel-client.ts';
import {
  type FunnelHarness,
  ledger,
  newSession,
  paysOrder,
  startFunnelHarness,
} from '../support/funnel-harness.ts';
import { authorizeAtBank } from '../support/model-bank-payer.ts';
import { walkOpenFinancePayment } from '../support/open-finance-walk.ts';

let harness: FunnelHarness;
beforeAll(async () => {
  // A generous deadline: each model bank builds its authorisation server on its first call.
  harness = await startFunnelHarness({ PUENTE_OPEN_FINANCE_BANKS: 'all', PUENTE_BANK_TIMEOUT_MS: '15000' });
});
afterAll(async () => harness?.close());

async function stateOf(token: string) {
  const [row] = await harness.services.db.query<{ id: number; payment_status: string; payment_step: string }>(
    'select id, payment_status, payment_step from payment_sessions where token = $1',
    [token],
  );
  return row;
}

async function movedFor(orderId: string) {
  return (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, orderId));
}

/** A payer who chose `bank`, went to it and authorised there: where the bank sends the browser back. */
async function atBank(session: { path: string }, bank: BankCode) {
  const client = new FunnelClient(harness.baseUrl);
  let page = await client.get(session.path);
  const chosen = await client.post(formAction(page.body, 'bank') as string, {
    csrf: csrfOf(page.body),
    bank,
  });
  page = await client.get(chosen.location as string);
  const toBank = await client.post(formAction(page.body, 'continue-at-bank') as string, {
    csrf: csrfOf(page.body),
  });
  const { callbackUrl } = await authorizeAtBank(toBank.location as string, { rut: '11.111.111-1' });
  return { client, callbackUrl };
}

async function eventsOf(sessionId: number) {
  return harness.services.db.query<{ payment_status: string; jwt: string }>(
    'select payment_status, jwt from webhook_events where session_id = $1',
    [sessionId],
  );
}

describe('open finance, every bank', () => {
  it.each(BANKS.map((bank) => bank.code))('%s: authorised at the bank, paid once, notified', async (bank) => {
    const session = await newSession(harness);
    const result = await walkOpenFinancePayment(harness.baseUrl, session.path, { bank, rut: '11.111.111-1' });
    expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
    const jwt = new URL(result.redirect as string).searchParams.get('jwt') as string;
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(session.signatureToken));
    expect(payload).toMatchObject({
      session_token: session.token,
      payment_status: 'success',
      payment_step: 'transfer_confirmed',
      user_bank_code: bank,
      merchant_order_id: session.orderId,
      order_amount: 15_990,
    });
    const moved = await movedFor(session.orderId);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ amount: 15_990, idempotency_key: payload.payment_token });
    const row = await stateOf(session.token);
    const events = await eventsOf(row?.id as number);
    expect(events.map((event) => event.payment_status)).toEqual(['success']);
  });
});

describe('open finance test payers (Banco de Pruebas)', () => {
  it.each([
    ['22.222.222-2', 'saldo suficiente'],
    ['99.999.999-9', 'límite'],
    ['66.666.666-6', 'rechazó la transferencia'],
  ])('%s: the attempt ends, nothing moved, another bank is offered', async (rut, text) => {
    const session = await newSession(harness);
    const result = await walkOpenFinancePayment(harness.baseUrl, session.path, { bank: 'cl_test', rut });
    expect(result.page).toContain(text);
    expect(result.page).toContain('Elegir otro banco');
    expect((await stateOf(session.token))?.payment_status).toBe('pending');
    expect(await movedFor(session.orderId)).toHaveLength(0);
  });

  it('55.555.555-5 pending then confirmed: success once, through the sweep', async () => {
    const session = await newSession(harness);
    const result = await walkOpenFinancePayment(harness.baseUrl, session.path, {
      bank: 'cl_test',
      rut: '55.555.555-5',
    });
    expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
    expect(await movedFor(session.orderId)).toHaveLength(1);
  });

  it('44.444.444-4: the bank rejects the consent; the attempt fails at bank_selected', async () => {
    const session = await newSession(harness);
    const result = await walkOpenFinancePayment(harness.baseUrl, session.path, {
      bank: 'cl_test',
      rut: '44.444.444-4',
    });
    expect(result.page).toContain('autorización del pago fue rechazada');
    expect(await stateOf(session.token)).toMatchObject({
      payment_status: 'pending',
      payment_step: 'bank_selected',
    });
    expect(await movedFor(session.orderId)).toHaveLength(0);
  });

  it('the payer cancels at the bank: cancelled, notified, nothing moved', async () => {
    const session = await newSession(harness);
    const result = await walkOpenFinancePayment(harness.baseUrl, session.path, {
      bank: 'cl_bci',
      rut: '11.111.111-1',
      decision: 'cancel',
    });
    expect(result.redirect).toMatch(/^https:\/\/shop\.example\/cancel\?jwt=/);
    const row = await stateOf(session.token);
    expect(row).toMatchObject({ payment_status: 'cancelled', payment_step: 'bank_selected' });
    expect((await eventsOf(row?.id as number)).map((event) => event.payment_status)).toEqual(['cancelled']);
    expect(await movedFor(session.orderId)).toHaveLength(0);
  });
});

describe('open finance callback security', () => {
  it('a replayed callback is refused and pays nothing more', async () => {
    const session = await newSession(harness);
    const result = await walkOpenFinancePayment(harness.baseUrl, session.path, {
      bank: 'cl_santander',
      rut: '11.111.111-1',
    });
    expect(result.redirect).toContain('jwt=');
    const replay = await result.client.get(`${result.callback?.pathname}${result.callback?.search}`);
    expect(replay.status).toBe(400);
    expect(await movedFor(session.orderId)).toHaveLength(1);
    // The timeline has a row for each bank call, and the code appears nowhere in the database.
    const row = await stateOf(session.token);
    const timeline = await harness.services.db.query<{ name: string; outcome: string | null }>(
      `select name, outcome from payment_timeline where session_id = $1 and kind = 'bank_call' order by id`,
      [row?.id],
    );
    expect(timeline.map((entry) => `${entry.name}:${entry.outcome}`)).toEqual([
      'start_authorization:redirect',
      'complete_authorization:authorized',
      'transfer:completed',
    ]);
    const code = result.callback?.searchParams.get('code') as string;
    for (const table of ['payment_timeline', 'payment_funnels', 'payment_sessions', 'webhook_events']) {
      const rows = await harness.services.db.query(`select * from ${table}`);
      expect(JSON.stringify(rows)).not.toContain(code);
    }
  });

  it('a wrong state, a wrong iss, or a code from another session is refused and pays nothing', async () => {
    // Two payers reach the bank; the first's answer is tampered with in three ways.
    const first = await newSession(harness);
    const second = await newSession(harness);
    const a = await atBank(first, 'cl_bch');
    const b = await atBank(second, 'cl_bch');
    const send = (url: URL) => a.client.get(`${url.pathname}${url.search}`);

    const wrongState = new URL(a.callbackUrl);
    wrongState.searchParams.set(
      'state',
      `${wrongState.searchParams.get('state')?.split('.')[0]}.${'x'.repeat(43)}`,
    );
    expect((await send(wrongState)).status).toBe(400);

    const foreignCode = new URL(a.callbackUrl);
    foreignCode.searchParams.set('code', b.callbackUrl.searchParams.get('code') as string);
    const refusedCode = await send(foreignCode);
    expect(refusedCode.status).toBe(303);
    expect(await movedFor(first.orderId)).toHaveLength(0);
    expect(await movedFor(second.orderId)).toHaveLength(0);

    const wrongIss = new URL(b.callbackUrl);
    wrongIss.searchParams.set('iss', `${harness.simulator.url}/banks/cl_test/open-finance/oauth`);
    expect((await b.client.get(`${wrongIss.pathname}${wrongIss.search}`)).status).toBe(303);
    expect(await movedFor(second.orderId)).toHaveLength(0);
    expect((await stateOf(first.token))?.payment_status).toBe('pending');
    expect((await stateOf(second.token))?.payment_status).toBe('pending');
  });
});

describe('the payer who never comes back from the bank', () => {
  it('authorised at the bank, then gone: the session expires, nothing moved, the consent unused, notified as today', async () => {
    const session = await newSession(harness);
    // The payer authorises at the bank and closes the browser: Puente's callback is never reached.
    const { client, callbackUrl } = await atBank(session, 'cl_itau');
    const [funnel] = await harness.services.db.query<{ state: string; bank_handle_sealed: string }>(
      'select f.state, f.bank_handle_sealed from payment_funnels f join payment_sessions s on s.id = f.session_id where s.token = $1',
      [session.token],
    );
    expect(funnel?.state).toBe('authorizing_at_bank');
    const handle = openOpenFinanceHandle(harness.services.secretBox, funnel?.bank_handle_sealed ?? null);
    const consentId = handle?.consentId as string;

    await harness.services.db.query(
      "update payment_sessions set expires_at = now() - interval '1 second' where token = $1",
      [session.token],
    );
    let row = await stateOf(session.token);
    for (let tries = 0; tries < 100 && row?.payment_status === 'pending'; tries++) {
      await sleep(100);
      row = await stateOf(session.token);
    }
    expect(row).toMatchObject({ payment_status: 'expired', payment_step: 'bank_selected' });
    const events = await eventsOf(row?.id as number);
    expect(events.map((event) => event.payment_status)).toEqual(['expired']);
    const { payload } = await jwtVerify(
      events[0]?.jwt as string,
      new TextEncoder().encode(session.signatureToken),
    );
    expect(payload).toMatchObject({
      payment_status: 'expired',
      payment_step: 'bank_selected',
      user_bank_code: 'cl_itau',
    });

    // Coming back late changes nothing: the callback is refused, no code is exchanged, nothing moves.
    expect((await client.get(`${callbackUrl.pathname}${callbackUrl.search}`)).status).toBe(400);
    expect(await movedFor(session.orderId)).toHaveLength(0);
    const consent = simulatorStateOf(harness.simulator.app).bank('cl_itau')?.consents.consent(consentId);
    expect(consent?.status).toBe('Authorised'); // authorised, never consumed by a payment order
  });
});
