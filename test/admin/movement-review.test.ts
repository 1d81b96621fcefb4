import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import type { Merchant } from '../../src/domain/merchant.ts';
import { buildApp } from '../../src/http/app.ts';
import { directTransferDeps } from '../../src/http/funnel/funnel-request.ts';
import { chooseDirectTransfer } from '../../src/use-cases/direct-transfer/choose-direct-transfer.ts';
import { ingestMovements } from '../../src/use-cases/direct-transfer/ingest-movements.ts';
import { setCollectingAccount } from '../../src/use-cases/direct-transfer/set-collecting-account.ts';
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
