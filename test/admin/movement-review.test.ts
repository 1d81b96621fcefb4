import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import type { Merchant } from '../../src/domain/merchant.ts';
import type { Rut } from '../../src/domain/rut.ts';
import { buildApp } from '../../src/http/app.ts';
import { directTransferDeps, funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { chooseDirectTransfer } from '../../src/use-cases/direct-transfer/choose-direct-transfer.ts';
import { ingestMovements } from '../../src/use-cases/direct-transfer/ingest-movements.ts';
import { setCollectingAccount } from '../../src/use-cases/direct-transfer/set-collecting-account.ts';
import { applyStep } from '../../src/use-cases/funnel/apply-step.ts';
import { initiationMarkOf } from '../../src/use-cases/funnel/creditor.ts';
import { loginOperator } from '../support/admin.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';
import { storeSession } from '../support/stored-session.ts';

let services: Services;
let app: FastifyInstance;
let operator: { cookie: string; csrf: string };
let merchant: Merchant;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  operator = await loginOperator(app, services);
  merchant = (await createTestMerchant(services)).merchant;
  await setCollectingAccount(services, merchant, {
    bankCode: 'cl_bci',
    accountType: 'corriente',
    accountNumber: '55501234',
    holderName: 'Tienda de Prueba SpA',
    holderRut: '76.123.456-0',
    notificationEmail: 'pagos@shop.example',
    windowHours: 24,
  });
});
afterAll(async () => {
  await app.close();
  await services.close();
});

async function waitingPayment(amount: number) {
  const session = await storeSession(services, merchant.id, { orderAmount: amount });
  const view = await services.funnels.loadById(session.id);
  if (!view) throw new Error('no funnel');
  await chooseDirectTransfer(directTransferDeps(services), view);
  const opened = await services.directTransfers.directTransferOf(session.id);
  return { session, reference: opened?.reference ?? '' };
}

const act = (rowId: number, form: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: `/admin/movements/${rowId}/review`,
    headers: { cookie: operator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf: operator.csrf, ...form }).toString(),
  });

describe('the direct-transfer review queue', () => {
  it('lists an under-payment; an operator matches it to the payment, which ends success, with an audit row', async () => {
    const { session, reference } = await waitingPayment(20_000);
    await ingestMovements(
      directTransferDeps(services),
      merchant.id,
      [
        {
          id: 'U-1',
          date: '2026-12-01',
          amount: 19_000,
          description: reference,
          payerRut: null,
          payerName: null,
          payerBank: null,
        },
        {
          id: 'D-1',
          date: '2026-12-01',
          amount: 500,
          description: `otra vez ${reference} y ABCDEF`,
          payerRut: null,
          payerName: null,
          payerBank: null,
        },
      ],
      { kind: 'api' },
    );
    const page = await app.inject({
      method: 'GET',
      url: '/admin/movements/review',
      headers: { cookie: operator.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Monto menor al del pago');
    // The merchant by its name, linked to its page, not by its database id.
    expect(page.body).toContain(
      `<dd><a href="/admin/merchants/${merchant.code}">${merchant.name}</a> (<code>${merchant.code}</code>)</dd>`,
    );
    const [item, other] = await services.directTransfers.reviewQueue(10);
    expect(item?.id).toBe('U-1');

    expect(
      (await act(item?.rowId ?? 0, { action: 'match', session_token: session.token, note: '' })).statusCode,
    ).toBe(400);
    const matched = await act(item?.rowId ?? 0, {
      action: 'match',
      session_token: session.token,
      note: 'El cliente pagará la diferencia',
    });
    expect(matched.statusCode).toBe(303);
    expect((await services.sessions.findByToken(session.token))?.paymentStatus).toBe('success');
    expect((await services.directTransfers.movement(item?.rowId ?? 0))?.status).toBe('matched');

    // The payment is paid now: the other movement cannot be matched to it; it is dismissed instead.
    expect(
      (await act(other?.rowId ?? 0, { action: 'match', session_token: session.token, note: 'x' })).statusCode,
    ).toBe(400);
    expect((await act(other?.rowId ?? 0, { action: 'dismissed', note: 'Abono ajeno' })).statusCode).toBe(303);
    expect(await services.directTransfers.reviewQueue(10)).toEqual([]);
    const audit = await services.db.query<{ action: string }>(
      "select action from operator_audit_log where action like 'movement.%' order by id",
    );
    expect(audit.map((row) => row.action)).toEqual([
      'movement.review_match',
      'movement.review_match',
      'movement.review_dismissed',
    ]);
  });

  it('keeps Puente’s own payments apart: the marked credit is counted, the one without comment waits with its reason', async () => {
    // A payment Puente sent to the collecting account (bank login), paid by 22.222.222-2 ...
    const puente = await storeSession(services, merchant.id, {
      orderAmount: 31_000,
      userBankCode: 'cl_test',
    });
    const paid = await applyStep(funnelDeps(services), puente.id, {
      event: 'choose_bank',
      changes: { bankCode: 'cl_test' },
      userRut: '22222222-2',
      followedBy: [
        { event: 'login_succeeded', changes: {} },
        { event: 'second_factor_passed', changes: {} },
        { event: 'account_chosen', changes: {} },
        { event: 'transfer_submitted', changes: { transferSubmittedAt: new Date() } },
        { event: 'transfer_completed', changes: { bankReference: 'TST-1' } },
      ],
    });
    if (!paid.applied || !paid.paymentToken) throw new Error('the Puente payment was not set up');
    // ... and a direct transfer of the same payer waiting for the same amount.
    const waiting = await storeSession(services, merchant.id, { orderAmount: 31_000, userRut: '22222222-2' });
    const view = await services.funnels.loadById(waiting.id);
    if (!view) throw new Error('no funnel');
    await chooseDirectTransfer(directTransferDeps(services), view);
    const credit = (id: string, description: string) => ({
      id,
      date: '2026-12-01',
      amount: 31_000,
      description,
      payerRut: '22222222-2' as Rut,
      payerName: null,
      payerBank: null,
    });
    const summary = await ingestMovements(
      directTransferDeps(services),
      merchant.id,
      [credit('P-1', `${initiationMarkOf(paid.paymentToken)} ${puente.merchantOrderId}`), credit('P-2', '')],
      { kind: 'api' },
    );
    expect(summary).toMatchObject({ matched: 0, toReview: 1, initiated: 1, unmatched: 0 });
    expect((await services.sessions.findByToken(waiting.token))?.paymentStatus).toBe('pending');
    const stored = await services.db.query<{ movement_id: string; status: string; session_id: string }>(
      `select movement_id, status, session_id from statement_movements where movement_id like 'P-%' order by id`,
    );
    expect(stored.map((row) => [row.movement_id, row.status, Number(row.session_id)])).toEqual([
      ['P-1', 'initiated', puente.id],
      ['P-2', 'review', waiting.id],
    ]);

    const page = (url: string, language: 'es' | 'en') =>
      app.inject({
        method: 'GET',
        url,
        headers: { cookie: `${operator.cookie}; puente_admin_lang=${language}` },
      });
    expect((await page('/admin/movements/review', 'es')).body).toContain(
      'Puede ser un pago de Puente (mismo monto y RUT, sin comentario)',
    );
    expect((await page('/admin/movements/review', 'en')).body).toContain(
      'May be a Puente payment (same amount and RUT, no comment)',
    );
    const card = (await page(`/admin/merchants/${merchant.code}`, 'es')).body;
    expect(card).toContain('<th class="number">Pagos de Puente</th>');
    expect(card).toMatch(/<td class="number">1<\/td><td class="number">1<\/td><\/tr>/);
    expect((await page(`/admin/merchants/${merchant.code}`, 'en')).body).toContain('Puente payments');
    const [item] = (await services.directTransfers.reviewQueue(10)).filter((entry) => entry.id === 'P-2');
    expect(
      (await act(item?.rowId ?? 0, { action: 'dismissed', note: 'Era el pago por Puente' })).statusCode,
    ).toBe(303);
  });

  it('shows the collecting account and the import history on the merchant page', async () => {
    const page = await app.inject({
      method: 'GET',
      url: `/admin/merchants/${merchant.code}`,
      headers: { cookie: operator.cookie },
    });
    expect(page.body).toContain('55501234');
    expect(page.body).toContain('Cartolas recibidas');
    expect(page.body).toContain('24 horas');
  });

  it('filters the payments list by payment method', async () => {
    const { session } = await waitingPayment(1_234);
    const other = await storeSession(services, merchant.id, { orderAmount: 4_321 });
    const list = (method: string) =>
      app.inject({
        method: 'GET',
        url: `/admin/payments?method=${method}`,
        headers: { cookie: operator.cookie },
      });
    const direct = (await list('direct_transfer')).body;
    expect(direct).toContain(session.merchantOrderId);
    expect(direct).not.toContain(other.merchantOrderId);
    const byLogin = (await list('bank_login')).body;
    expect(byLogin).toContain(other.merchantOrderId);
    expect(byLogin).not.toContain(session.merchantOrderId);
  });
});
