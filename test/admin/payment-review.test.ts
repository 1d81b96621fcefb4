import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { buildApp } from '../../src/http/app.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { applyStep } from '../../src/use-cases/funnel/apply-step.ts';
import { loginOperator, postForm } from '../support/admin.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';
import { storeSession } from '../support/stored-session.ts';

let services: Services;
let app: FastifyInstance;
let operator: { cookie: string; csrf: string };
let merchantId: number;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  // The least role that may settle a review.
  operator = await loginOperator(app, services, undefined, 'operator');
  merchantId = (await createTestMerchant(services, { onePaymentPerOrder: true })).merchant.id;
});
afterAll(async () => {
  await app.close();
  await services.close();
});

/** A payment whose transfer the bank lost from sight: the funnel's own steps up to `needs_review`. */
async function paymentUnderReview() {
  const session = await storeSession(services, merchantId, { orderAmount: 42_000, onePaymentPerOrder: true });
  const result = await applyStep(funnelDeps(services), session.id, {
    event: 'choose_bank',
    changes: { bankCode: 'cl_test', accountId: 'acc-1' },
    userRut: '11111111-1',
    claimOrder: true,
    followedBy: [
      { event: 'login_succeeded' },
      { event: 'second_factor_passed' },
      { event: 'account_chosen' },
      {
        event: 'transfer_submitted',
        changes: { transferSubmittedAt: new Date(), transferStatus: 'submitted' },
      },
      { event: 'transfer_lost', changes: { transferStatus: 'lost', failureReason: 'transfer_not_received' } },
    ],
  });
  if (!result.applied || result.to !== 'needs_review') throw new Error('did not reach review');
  return session;
}

const review = (token: string, form: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: `/admin/payments/${token}/review`,
    headers: { cookie: operator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf: operator.csrf, ...form }).toString(),
  });

describe('payments under review', () => {
  it('are shown for review, need a note, and an operator settles them as paid with an audit row and a webhook', async () => {
    const session = await paymentUnderReview();
    const page = await app.inject({
      method: 'GET',
      url: `/admin/payments/${session.token}`,
      headers: { cookie: operator.cookie },
    });
    expect(page.body).toContain('Transferencia por revisar');

    // A viewer sees the payment but neither the form nor the power to settle it.
    const viewer = await loginOperator(app, services, undefined, 'viewer');
    const viewerPage = await app.inject({
      method: 'GET',
      url: `/admin/payments/${session.token}`,
      headers: { cookie: viewer.cookie },
    });
    expect(viewerPage.statusCode).toBe(200);
    expect(viewerPage.body).not.toContain('Transferencia por revisar');
    const refused = await postForm(app, viewer, `/admin/payments/${session.token}/review`, {
      decision: 'paid',
      note: 'Cartola',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Tu rol (Lector) no permite esta acción');

    expect((await review(session.token, { decision: 'paid', note: '  ' })).statusCode).toBe(400);
    const settled = await review(session.token, {
      decision: 'paid',
      note: 'Cartola: abono REF-991 del 1/12',
    });
    expect(settled.statusCode).toBe(303);

    const [row] = await services.db.query<{ payment_status: string; payment_step: string }>(
      'select payment_status, payment_step from payment_sessions where id = $1',
      [session.id],
    );
    expect(row).toEqual({ payment_status: 'success', payment_step: 'transfer_confirmed' });
    const events = await services.db.query<{ payment_status: string }>(
      'select payment_status from webhook_events where session_id = $1',
      [session.id],
    );
    expect(events).toEqual([{ payment_status: 'success' }]);
    const audit = await services.db.query<{ action: string; details: { note: string } }>(
      "select action, details from operator_audit_log where action like 'payment.review%'",
    );
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'payment.review_paid',
        details: expect.objectContaining({ note: 'Cartola: abono REF-991 del 1/12' }),
      }),
    ]);
    // The order stays paid: its claim is kept.
    const claims = await services.db.query('select 1 from payment_order_claims where session_id = $1', [
      session.id,
    ]);
    expect(claims).toHaveLength(1);
  });

  it('settled as not paid ends in error and gives the order back', async () => {
    const session = await paymentUnderReview();
    expect(
      (await review(session.token, { decision: 'not_paid', note: 'El banco no tiene registro' })).statusCode,
    ).toBe(303);
    const [row] = await services.db.query<{ payment_status: string }>(
      'select payment_status from payment_sessions where id = $1',
      [session.id],
    );
    expect(row?.payment_status).toBe('error');
    const claims = await services.db.query('select 1 from payment_order_claims where session_id = $1', [
      session.id,
    ]);
    expect(claims).toEqual([]);
  });
});
