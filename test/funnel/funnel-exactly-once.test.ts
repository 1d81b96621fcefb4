import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxCreditor } from '../../src/domain/creditor.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { transferTextOf } from '../../src/use-cases/funnel/creditor.ts';
import { settleReview } from '../../src/use-cases/funnel/settle-review.ts';
import { csrfOf, FunnelClient, formAction, sleep, walkPayment } from '../support/funnel-client.ts';
import {
  type FunnelHarness,
  ledger,
  newSession,
  paysOrder,
  startFunnelHarness,
} from '../support/funnel-harness.ts';

let harness: FunnelHarness;
beforeAll(async () => {
  // One payment per order: the order-level guarantees below are the ones that policy promises.
  harness = await startFunnelHarness(
    { PUENTE_TRANSFER_LOST_AFTER_SECONDS: '1', PUENTE_REVIEW_RECHECK_SECONDS: '0.2' },
    { onePaymentPerOrder: true },
  );
});
afterAll(async () => harness?.close());

async function movedFor(orderId: string) {
  return (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, orderId));
}

async function statusOf(token: string) {
  const [row] = await harness.services.db.query<{ payment_status: string; payment_token: string | null }>(
    'select payment_status, payment_token from payment_sessions where token = $1',
    [token],
  );
  return row;
}

async function atConfirmation(session: { path: string }, bank = 'cl_test') {
  const client = new FunnelClient(harness.baseUrl);
  const result = await walkPayment(client, session.path, {
    bank,
    rut: '11.111.111-1',
    stopAtConfirmation: true,
  });
  const approve = formAction(result.page, 'approve');
  if (!approve) throw new Error('not at the confirmation page');
  return { client, page: result.page, approve, csrf: csrfOf(result.page) };
}

async function setFaults(bank: string, faults: Record<string, unknown> | null) {
  await fetch(`${harness.simulator.url}/admin/banks/${bank}/faults`, {
    method: faults ? 'PUT' : 'DELETE',
    ...(faults ? { body: JSON.stringify(faults), headers: { 'content-type': 'application/json' } } : {}),
  });
}

async function waitForState(token: string, wanted: string) {
  for (let tries = 0; tries < 100; tries++) {
    const [row] = await harness.services.db.query<{ state: string }>(
      'select f.state from payment_funnels f join payment_sessions s on s.id = f.session_id where s.token = $1',
      [token],
    );
    if (row?.state === wanted) return;
    await sleep(100);
  }
  throw new Error(`the funnel never reached ${wanted}`);
}

/** A payment whose transfer never reached the bank (every transfer call fails), past the lost-after delay. */
async function underReview() {
  await setFaults('cl_test', { errorRate: 1, operations: ['transfer'] });
  const session = await newSession(harness);
  try {
    const { client, approve, csrf } = await atConfirmation(session);
    await client.post(approve, { csrf });
    await waitForState(session.token, 'needs_review');
  } finally {
    await setFaults('cl_test', null);
  }
  return session;
}

async function waitForStatus(token: string, wanted: string) {
  for (let tries = 0; tries < 100; tries++) {
    if ((await statusOf(token))?.payment_status === wanted) return;
    await sleep(100);
  }
  throw new Error(`session never reached ${wanted}`);
}

describe('exactly once', () => {
  it('a double-clicked approval makes one transfer', async () => {
    const session = await newSession(harness);
    const { client, approve, csrf } = await atConfirmation(session);
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.post(approve, { csrf })));
    expect(answers.every((answer) => answer.status === 303)).toBe(true);
    await waitForStatus(session.token, 'success');
    expect(await movedFor(session.orderId)).toHaveLength(1);
  });

  it('a replayed approval after success sends nothing and leads to the result', async () => {
    const session = await newSession(harness);
    const { client, approve, csrf } = await atConfirmation(session);
    await client.post(approve, { csrf });
    await waitForStatus(session.token, 'success');
    const replay = await client.post(approve, { csrf });
    expect(replay.location).toContain('/result');
    expect(await movedFor(session.orderId)).toHaveLength(1);
  });

  it('two tabs approving the same payment make one transfer', async () => {
    const session = await newSession(harness);
    const first = await atConfirmation(session);
    const secondTab = await first.client.get(session.path);
    await Promise.all([
      first.client.post(first.approve, { csrf: first.csrf }),
      first.client.post(first.approve, { csrf: csrfOf(secondTab.body) }),
    ]);
    await waitForStatus(session.token, 'success');
    expect(await movedFor(session.orderId)).toHaveLength(1);
  });

  it('two sessions of the same order racing never both move money', async () => {
    const a = await newSession(harness);
    const b = await newSession(harness, { merchantOrderId: a.orderId });
    const [tabA, tabB] = await Promise.all([atConfirmation(a, 'cl_itau'), atConfirmation(b, 'cl_falabella')]);
    const [answerA, answerB] = await Promise.all([
      tabA.client.post(tabA.approve, { csrf: tabA.csrf }),
      tabB.client.post(tabB.approve, { csrf: tabB.csrf }),
    ]);
    const claimed = [answerA, answerB].filter((answer) =>
      answer.setCookies.some((cookie) => cookie.startsWith('puente_notice=order_claimed;')),
    );
    expect(claimed).toHaveLength(1);
    await sleep(300);
    const statuses = [(await statusOf(a.token))?.payment_status, (await statusOf(b.token))?.payment_status];
    expect(statuses.sort()).toEqual(['pending', 'success']);
    expect(await movedFor(a.orderId)).toHaveLength(1);
  });

  it('a transfer whose answer was lost is finished by asking the bank, not by sending again', async () => {
    await setFaults('cl_test', { answerLostRate: 1, operations: ['transfer'] });
    const session = await newSession(harness);
    try {
      const { client, approve, csrf } = await atConfirmation(session);
      await client.post(approve, { csrf });
      await waitForStatus(session.token, 'success');
    } finally {
      await setFaults('cl_test', null);
    }
    const calls = await harness.services.db.query<{ name: string; outcome: string }>(
      `select t.name, t.outcome from payment_timeline t join payment_sessions s on s.id = t.session_id
       where s.token = $1 and t.kind = 'bank_call' and t.name like 'transfer%' order by t.id`,
      [session.token],
    );
    expect(calls[0]).toEqual({ name: 'transfer', outcome: 'unknown' });
    expect(calls.filter((call) => call.name === 'transfer')).toHaveLength(1);
    expect(calls.at(-1)).toEqual({ name: 'transfer_status', outcome: 'completed' });
    expect(await movedFor(session.orderId)).toHaveLength(1);
  });

  it('a transfer the bank never received goes to review and keeps the order until an operator settles it', async () => {
    const session = await underReview();
    expect((await statusOf(session.token))?.payment_status).toBe('pending');
    expect(await movedFor(session.orderId)).toHaveLength(0);
    // The bank may still book it late: another session of the order cannot pay meanwhile.
    const rival = await newSession(harness, { merchantOrderId: session.orderId });
    const rivalTab = await atConfirmation(rival, 'cl_itau');
    const refused = await rivalTab.client.post(rivalTab.approve, { csrf: rivalTab.csrf });
    expect(refused.setCookies.some((cookie) => cookie.startsWith('puente_notice=order_claimed;'))).toBe(true);
    // The expiry sweep leaves it alone, and the bank keeps being asked.
    await harness.services.db.query(
      "update payment_sessions set expires_at = now() - interval '1 minute' where token = $1",
      [session.token],
    );
    await sleep(500);
    expect((await statusOf(session.token))?.payment_status).toBe('pending');

    // An operator who checked with the bank: no money moved. The order is free again.
    const [row] = await harness.services.db.query<{ id: number }>(
      'select id from payment_sessions where token = $1',
      [session.token],
    );
    const settled = await settleReview(funnelDeps(harness.services), Number(row?.id), 'not_paid');
    expect(settled).toMatchObject({ applied: true, to: 'failed' });
    expect((await statusOf(session.token))?.payment_status).toBe('error');
    const retry = await newSession(harness, { merchantOrderId: session.orderId });
    const result = await walkPayment(new FunnelClient(harness.baseUrl), retry.path, {
      bank: 'cl_test',
      rut: '11.111.111-1',
    });
    expect(result.redirect).toContain('jwt=');
    expect(await movedFor(session.orderId)).toHaveLength(1);
  });

  it('a transfer under review that the bank books late ends in success by itself, once', async () => {
    const session = await underReview();
    // The bank books the transfer late, under the key it was sent with.
    const view = await harness.services.funnels.load(session.token);
    if (!view?.funnel.bankHandleSealed || !view.funnel.accountId || !view.session.paymentToken)
      throw new Error('the payment under review kept no bank session');
    const late = await harness.services.banks('cl_test').transfer({
      handle: harness.services.secretBox.open(view.funnel.bankHandleSealed),
      accountId: view.funnel.accountId,
      amount: view.session.orderAmount,
      recipient: sandboxCreditor(view.merchant),
      idempotencyKey: view.session.paymentToken,
      description: transferTextOf(view.session.paymentToken, view.session.merchantOrderId),
    });
    expect(late.status).toBe('completed');
    await waitForStatus(session.token, 'success');
    expect(await movedFor(session.orderId)).toHaveLength(1);
    const [row] = await harness.services.db.query<{ id: number }>(
      'select id from payment_sessions where token = $1',
      [session.token],
    );
    // Too late for an operator to decide otherwise.
    const settled = await settleReview(funnelDeps(harness.services), Number(row?.id), 'not_paid');
    expect(settled.applied).toBe(false);
  });
});

describe('leaving the funnel', () => {
  it('cancelling before choosing a bank redirects with a JWT whose payment_token is null', async () => {
    const session = await newSession(harness, {
      paymentCancellationUrl: 'https://shop.example/back?order=7',
      concat: ';',
    });
    const client = new FunnelClient(harness.baseUrl);
    const page = await client.get(session.path);
    const cancelled = await client.post(formAction(page.body, 'cancel') as string, {
      csrf: csrfOf(page.body),
    });
    expect(cancelled.location).toMatch(/^https:\/\/shop\.example\/back\?order=7;jwt=/);
    const jwt = new URL(cancelled.location as string).search.split(';jwt=')[1] as string;
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(session.signatureToken));
    expect(payload).toMatchObject({
      session_token: session.token,
      payment_token: null,
      payment_status: 'cancelled',
      merchant_order_id: session.orderId,
      order_amount: 15_990,
    });
    expect(payload.jti).toBeTruthy();
  });

  it('a successful payment carries every claim of DESIGN §5', async () => {
    const session = await newSession(harness);
    const result = await walkPayment(new FunnelClient(harness.baseUrl), session.path, {
      bank: 'cl_santander',
      rut: '11.111.111-1',
    });
    const claims = decodeJwt(new URL(result.redirect as string).searchParams.get('jwt') as string);
    expect(claims).toMatchObject({
      payment_status: 'success',
      payment_step: 'transfer_confirmed',
      user_bank_code: 'cl_santander',
      user_rut: '11111111-1',
      merchant_code: harness.merchant.merchant.code,
    });
    expect(claims.payment_token).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('records every step and every bank call in payment_timeline, under the payment_token', async () => {
    const session = await newSession(harness);
    await walkPayment(new FunnelClient(harness.baseUrl), session.path, {
      bank: 'cl_santander',
      rut: '11.111.111-1',
    });
    const rows = await harness.services.db.query<{
      kind: string;
      name: string;
      outcome: string;
      payment_token: string;
      duration_ms: number | null;
    }>(
      `select t.kind, t.name, t.outcome, t.payment_token, t.duration_ms from payment_timeline t
       join payment_sessions s on s.id = t.session_id where s.token = $1 order by t.id`,
      [session.token],
    );
    // The sweep follows a transfer that takes longer than its recheck (0.2 s here; a loaded machine gets
    // there): its status questions may be in the timeline too, and may only have heard the same answer.
    const sweep = rows.filter((row) => row.name === 'transfer_status');
    expect(sweep.every((row) => row.outcome === 'completed' || row.outcome === 'pending')).toBe(true);
    const funnel = rows.filter((row) => row.name !== 'transfer_status');
    expect(funnel.map((row) => `${row.kind}:${row.name}:${row.outcome}`)).toEqual([
      'step:choose_bank:bank_selected',
      'bank_call:login:ok',
      'step:login_succeeded:logged_in',
      'bank_call:verify_second_factor:passed',
      'bank_call:list_accounts:ok:1',
      'step:second_factor_passed:second_factor_passed',
      'step:account_chosen:account_selected',
      'step:transfer_submitted:transfer_submitted',
      'bank_call:transfer:completed',
      'step:transfer_completed:success',
    ]);
    const [{ payment_token } = { payment_token: '' }] = await harness.services.db.query<{
      payment_token: string;
    }>('select payment_token from payment_sessions where token = $1', [session.token]);
    expect(rows.every((row) => row.payment_token === payment_token)).toBe(true);
    expect(rows.filter((row) => row.kind === 'bank_call').every((row) => row.duration_ms !== null)).toBe(
      true,
    );
  });

  it('without a merchant URL the funnel shows the result itself', async () => {
    const session = await newSession(harness);
    await harness.services.db.query(
      'update payment_sessions set completed_url = null, cancellation_url = null where token = $1',
      [session.token],
    );
    const result = await walkPayment(new FunnelClient(harness.baseUrl), session.path, {
      bank: 'cl_test',
      rut: '11.111.111-1',
    });
    expect(result.redirect).toBeNull();
    expect(result.page).toContain('Pago exitoso');
  });

  it('a session past its expiry is expired and gets its own page', async () => {
    const session = await newSession(harness);
    await harness.services.db.query(
      "update payment_sessions set expires_at = now() - interval '1 second' where token = $1",
      [session.token],
    );
    await waitForStatus(session.token, 'expired');
    const page = await new FunnelClient(harness.baseUrl).get(session.path);
    expect(page.status).toBe(410);
    expect(page.body).toContain('expiró');
  });

  it('refuses a form without a valid CSRF token', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    const page = await client.get(session.path);
    const forged = await new FunnelClient(harness.baseUrl).post(formAction(page.body, 'cancel') as string, {
      csrf: csrfOf(page.body),
    });
    expect(forged.status).toBe(403);
    expect((await statusOf(session.token))?.payment_status).toBe('pending');
  });

  it('sends a strict CSP and a Secure, HttpOnly, SameSite cookie', async () => {
    const session = await newSession(harness);
    const response = await fetch(`${harness.baseUrl}${session.path}`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('set-cookie')).toMatch(/Secure; HttpOnly; SameSite=Lax/);
  });
});
