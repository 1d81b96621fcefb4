import type { FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import type { Merchant } from '../../src/domain/merchant.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { setCollectingAccount } from '../../src/use-cases/direct-transfer/set-collecting-account.ts';
import { runFunnelSweep } from '../../src/use-cases/funnel/funnel-sweep.ts';
import { csrfOf, formAction } from '../support/funnel-client.ts';
import { buildTestApp } from '../support/http.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

let services: Services;
let app: FastifyInstance;
let merchant: Merchant;
let credentials: { merchant_code: string; merchant_api_token: string };
const ACCOUNT = {
  bankCode: 'cl_bci',
  accountType: 'corriente',
  accountNumber: '12345678',
  holderName: 'Tienda de Prueba SpA',
  holderRut: '76.123.456-0',
  notificationEmail: 'pagos@shop.example',
} as const;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildTestApp(services);
  const created = await createTestMerchant(services);
  merchant = created.merchant;
  credentials = { merchant_code: created.merchant.code, merchant_api_token: created.apiToken };
  await setCollectingAccount(services, merchant, ACCOUNT);
});
afterAll(async () => {
  await app.close();
  await services.close();
});

async function directTransferSession(orderAmount: number, extra: Record<string, unknown> = {}) {
  const response = await app.inject({
    method: 'POST',
    url: '/session/initialize',
    payload: {
      ...credentials,
      merchant_order_id: `OC-${Math.random()}`,
      order_amount: orderAmount,
      payment_method: 'direct_transfer',
      ...extra,
    },
  });
  expect(response.statusCode).toBe(200);
  const session = response.json() as { token: string; signature_token: string; expires_at: string };
  const page = await app.inject({ method: 'GET', url: `/session/${session.token}?lang=es` });
  const reference = /id="dt-reference">([A-Z2-9]{6})</.exec(page.body)?.[1];
  if (!reference) throw new Error(`no reference on the page: ${page.body}`);
  return { ...session, reference, page };
}

const movements = (items: Record<string, unknown>[]) =>
  app.inject({ method: 'POST', url: '/merchant/movements', payload: { ...credentials, movements: items } });

const statusOf = async (token: string) =>
  (
    await app.inject({
      method: 'POST',
      url: '/merchant/check_payment_status',
      payload: { ...credentials, session_token: token },
    })
  ).json()[0] as { payment_status: string; payment_step: string; payment_token: string; expires_at: string };

describe('direct transfer through the merchant API', () => {
  it('shows the account, amount and reference; a movement with the reference ends the payment success, once', async () => {
    const session = await directTransferSession(15_000);
    expect(session.page.statusCode).toBe(200);
    expect(session.page.body).toContain('12345678');
    expect(session.page.body).toContain('76.123.456-0');
    expect(session.page.body).toContain('$15.000');
    // The payer walks none of the credential steps and gives Puente no password: the page says neither.
    expect(session.page.body).not.toContain('class="steps"');
    expect(session.page.body).toContain('Puente nunca te pide las claves de tu banco');
    expect(session.page.body).not.toContain('Tu clave se envía solo a tu banco');
    // The payment stays open for the merchant's window (48 h by default), not the session's 30 minutes.
    const hours = (Date.parse(session.expires_at) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47);
    expect(await statusOf(session.token)).toMatchObject({
      payment_status: 'pending',
      payment_step: 'awaiting_transfer',
    });

    const movement = {
      id: 'MOV-0001',
      date: '2026-12-01',
      amount: 15000,
      description: `Pago ${session.reference.toLowerCase()}`,
      payer_rut: '11.111.111-1',
      payer_name: 'Ana Pérez',
      payer_bank: 'BancoEstado',
    };
    const first = await movements([movement]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      received: 1,
      new: 1,
      matched: 1,
      to_review: 0,
      initiated: 0,
      unmatched: 0,
    });
    expect(await statusOf(session.token)).toMatchObject({
      payment_status: 'success',
      payment_step: 'transfer_confirmed',
    });
    const events = await services.db.query<{ jwt: string }>(
      'select w.jwt from webhook_events w join payment_sessions s on s.id = w.session_id where s.token = $1',
      [session.token],
    );
    expect(events).toHaveLength(1);
    const { payload } = await jwtVerify(
      (events[0] as { jwt: string }).jwt,
      new TextEncoder().encode(session.signature_token),
    );
    expect(payload).toMatchObject({ payment_status: 'success' });
    const timeline = await services.db.query<{ name: string }>(
      `select t.name from payment_timeline t join payment_sessions s on s.id = t.session_id
       where s.token = $1 and t.kind = 'step' order by t.id`,
      [session.token],
    );
    expect(timeline.map((row) => row.name)).toEqual(['choose_direct_transfer', 'movement_matched']);

    // The same movement again changes nothing.
    const again = await movements([movement]);
    expect(again.json()).toEqual({
      received: 1,
      new: 0,
      matched: 0,
      to_review: 0,
      initiated: 0,
      unmatched: 0,
    });
    const [{ count }] = (await services.db.query<{ count: string }>(
      'select count(*) from webhook_events w join payment_sessions s on s.id = w.session_id where s.token = $1',
      [session.token],
    )) as [{ count: string }];
    expect(Number(count)).toBe(1);
  });

  it('matches by amount and RUT when unambiguous, and sends under-payments and ambiguous ones to review', async () => {
    const byRut = await directTransferSession(7_000, { user_rut: '22.222.222-2' });
    const underpaid = await directTransferSession(9_000);
    const twinA = await directTransferSession(4_000, { user_rut: '33.333.333-3' });
    const twinB = await directTransferSession(4_000, { user_rut: '33.333.333-3' });
    const answer = await movements([
      {
        id: 'MOV-R1',
        date: '01-12-2026',
        amount: 7000,
        description: 'transferencia',
        payer_rut: '22222222-2',
      },
      { id: 'MOV-U1', date: '2026-12-01', amount: 8000, description: underpaid.reference },
      { id: 'MOV-T1', date: '2026-12-01', amount: 4000, description: 'pago', payer_rut: '33333333-3' },
      { id: 'MOV-X1', date: '2026-12-01', amount: 123, description: 'otro abono' },
    ]);
    expect(answer.json()).toEqual({
      received: 4,
      new: 4,
      matched: 1,
      to_review: 2,
      initiated: 0,
      unmatched: 1,
    });
    expect((await statusOf(byRut.token)).payment_status).toBe('success');
    for (const open of [underpaid, twinA, twinB])
      expect((await statusOf(open.token)).payment_status).toBe('pending');
    const queue = await services.directTransfers.reviewQueue(10);
    expect(queue.map((item) => [item.id, item.reviewReason])).toEqual([
      ['MOV-U1', 'underpaid'],
      ['MOV-T1', 'ambiguous'],
    ]);
  });

  it('ends an unpaid direct transfer expired when its window closes; a late movement goes to review', async () => {
    const session = await directTransferSession(3_000);
    await services.db.query(
      `update payment_sessions set expires_at = now() - interval '1 second' where token = $1`,
      [session.token],
    );
    const swept = await runFunnelSweep(funnelDeps(services));
    expect(swept.sessionsExpired).toBeGreaterThanOrEqual(1);
    expect((await statusOf(session.token)).payment_status).toBe('expired');
    const late = await movements([
      { id: 'MOV-L1', date: '2026-12-03', amount: 3000, description: session.reference },
    ]);
    expect(late.json()).toMatchObject({ matched: 0, to_review: 1 });
    expect((await statusOf(session.token)).payment_status).toBe('expired');
  });

  it('refuses bad movements, a merchant without direct transfer, and wrong credentials', async () => {
    const bad = await movements([{ id: 'M', date: '2026-12-01', amount: '15.000', description: '' }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('movements.0.amount');
    const other = await createTestMerchant(services);
    const refused = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: {
        merchant_code: other.merchant.code,
        merchant_api_token: other.apiToken,
        merchant_order_id: 'OC-1',
        order_amount: 1000,
        payment_method: 'direct_transfer',
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('payment_method');
    const wrong = await app.inject({
      method: 'POST',
      url: '/merchant/movements',
      payload: {
        ...credentials,
        merchant_api_token: 'x'.repeat(64),
        movements: [{ id: 'A', date: '2026-12-01', amount: 1 }],
      },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('opens a direct transfer only while the merchant offers it when the payer posts, not when the page was drawn', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: { ...credentials, merchant_order_id: `OC-${Math.random()}`, order_amount: 5_000 },
    });
    const { token } = created.json() as { token: string };
    const page = await app.inject({ method: 'GET', url: `/session/${token}?lang=es` });
    const action = formAction(page.body, 'direct-transfer');
    const csrf = csrfOf(page.body);
    if (!action) throw new Error('the bank choice page offers no direct transfer');
    const setCookies = page.headers['set-cookie'];
    const cookie = (Array.isArray(setCookies) ? setCookies : [setCookies ?? ''])
      .map((one) => one.split(';')[0])
      .join('; ');
    // The merchant stops offering direct transfer while the payer reads the page.
    await setCollectingAccount(services, merchant, { ...ACCOUNT, enabled: false });
    try {
      const posted = await app.inject({
        method: 'POST',
        url: action,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ csrf }).toString(),
      });
      expect(posted.statusCode).toBe(303);
      const opened = await services.db.query<{ count: number }>(
        `select count(*)::int as count from direct_transfers dt join payment_sessions s on s.id = dt.session_id
         where s.token = $1`,
        [token],
      );
      expect(opened).toEqual([{ count: 0 }]);
    } finally {
      await setCollectingAccount(services, merchant, ACCOUNT);
    }
  });
});
