import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, FunnelClient, formAction, walkPayment } from '../support/funnel-client.ts';
import {
  type FunnelHarness,
  ledger,
  newSession,
  paysOrder,
  startFunnelHarness,
} from '../support/funnel-harness.ts';

/**
 * A transfer the bank refuses ends the attempt, not the session: the payer tries another account or another
 * bank in the same session, each attempt with its own payment_token (the transfer's idempotency key), and
 * the session still pays at most once.
 */
let harness: FunnelHarness;
beforeAll(async () => {
  // One payment per order: the order's claim must be given back by a refusal for the next attempt to pay.
  harness = await startFunnelHarness({}, { onePaymentPerOrder: true });
});
afterAll(async () => harness?.close());

async function sessionRow(token: string) {
  const [row] = await harness.services.db.query<{
    id: number;
    payment_status: string;
    payment_token: string | null;
  }>('select id, payment_status, payment_token from payment_sessions where token = $1', [token]);
  if (!row) throw new Error('no session');
  return row;
}

async function attemptsOf(sessionId: number) {
  const rows = await harness.services.db.query<{ payment_token: string; name: string; outcome: string }>(
    `select payment_token, name, outcome from payment_timeline where session_id = $1 and kind = 'step'
     order by id`,
    [sessionId],
  );
  return rows;
}

async function eventsOf(sessionId: number) {
  return harness.services.db.query<{ payment_status: string; jwt: string }>(
    'select payment_status, jwt from webhook_events where session_id = $1',
    [sessionId],
  );
}

describe('another try after a refused transfer', () => {
  it('insufficient funds at one bank, then another bank: one transfer, two attempts, one event', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    const refused = await walkPayment(client, session.path, { bank: 'cl_bci', rut: '22.222.222-2' });
    expect(refused.redirect).toBeNull();
    expect(refused.page).toContain('saldo suficiente');
    expect(refused.page).toContain('Elegir otro banco');
    const afterRefusal = await sessionRow(session.token);
    expect(afterRefusal.payment_status).toBe('pending');
    expect(await eventsOf(afterRefusal.id)).toEqual([]);

    const chooseBank = formAction(refused.page, 'bank');
    if (!chooseBank) throw new Error('no bank choice after the refusal');
    await client.post(chooseBank, { csrf: csrfOf(refused.page), bank: 'cl_test' });
    const paid = await walkPayment(client, session.path, { bank: 'cl_test', rut: '11.111.111-1' });
    expect(paid.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
    const done = await sessionRow(session.token);
    expect(done.payment_status).toBe('success');
    expect(done.payment_token).not.toBe(afterRefusal.payment_token);

    const moved = (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, session.orderId));
    expect(moved).toHaveLength(1);
    expect(moved[0]?.idempotency_key).toBe(done.payment_token);

    const steps = await attemptsOf(done.id);
    const tokens = [...new Set(steps.map((step) => step.payment_token))];
    expect(tokens).toEqual([afterRefusal.payment_token, done.payment_token]);
    expect(steps.filter((step) => step.payment_token === afterRefusal.payment_token).at(-1)).toMatchObject({
      name: 'transfer_refused',
      outcome: 'insufficient_funds',
    });
    const events = await eventsOf(done.id);
    expect(events.map((event) => event.payment_status)).toEqual(['success']);
    expect(decodeJwt(events[0]?.jwt ?? '').payment_token).toBe(done.payment_token);
  });

  it('a refused account, then another account of the same bank session: pays from the second', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    const atConfirmation = await walkPayment(client, session.path, {
      bank: 'cl_test',
      rut: '77.777.777-7',
      accountIndex: 0,
      stopAtConfirmation: true,
    });
    // The first account runs dry before the payer approves.
    const [funnel] = await harness.services.db.query<{ account_id: string }>(
      'select f.account_id from payment_funnels f join payment_sessions s on s.id = f.session_id where s.token = $1',
      [session.token],
    );
    const first = funnel?.account_id ?? '';
    const drained = await fetch(`${harness.simulator.url}/admin/banks/cl_test/accounts/${first}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ balance: 0 }),
    });
    expect(drained.status).toBe(200);
    const approve = formAction(atConfirmation.page, 'approve');
    if (!approve) throw new Error('not at the confirmation');
    await client.post(approve, { csrf: csrfOf(atConfirmation.page) });
    const failedPage = (await client.get(session.path)).body;
    expect(failedPage).toContain('saldo suficiente');
    expect(failedPage).toContain('Pagar desde otra cuenta en Banco de Pruebas');
    const offered = [...failedPage.matchAll(/name="account" value="([^"]+)"/g)].map((match) => match[1]);
    expect(offered).toHaveLength(2);
    expect(offered).not.toContain(first);
    const refusedToken = (await sessionRow(session.token)).payment_token;

    const chooseAccount = formAction(failedPage, 'account');
    if (!chooseAccount) throw new Error('no account form on the failed attempt');
    await client.post(chooseAccount, { csrf: csrfOf(failedPage), account: offered[1] ?? '' });
    const paid = await walkPayment(client, session.path, { bank: 'cl_test', rut: '77.777.777-7' });
    expect(paid.redirect).toMatch(/ok\?jwt=/);
    const done = await sessionRow(session.token);
    expect(done.payment_status).toBe('success');
    expect(done.payment_token).not.toBe(refusedToken);
    const moved = (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, session.orderId));
    expect(moved).toHaveLength(1);
    expect(moved[0]?.idempotency_key).toBe(done.payment_token);
  });

  it('a refused transfer offers no account that cannot pay, and the payer can still walk away', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    const refused = await walkPayment(client, session.path, { bank: 'cl_santander', rut: '99.999.999-9' });
    expect(refused.page).toContain('límite diario');
    expect(refused.page).not.toContain('Pagar desde otra cuenta');
    const cancel = formAction(refused.page, 'cancel');
    if (!cancel) throw new Error('no cancel form');
    const answer = await client.post(cancel, { csrf: csrfOf(refused.page) });
    expect(answer.location).toMatch(/^https:\/\/shop\.example\/cancel\?jwt=/);
    expect((await sessionRow(session.token)).payment_status).toBe('cancelled');
    expect((await ledger(harness.simulator)).filter((e) => paysOrder(e, session.orderId))).toEqual([]);
  });
});
