import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directTransferDeps } from '../../src/http/funnel/funnel-request.ts';
import { pollSandboxStatements } from '../../src/use-cases/direct-transfer/poll-sandbox-statements.ts';
import { setCollectingAccount } from '../../src/use-cases/direct-transfer/set-collecting-account.ts';
import { initiationMarkOf } from '../../src/use-cases/funnel/creditor.ts';
import { FunnelClient, walkPayment } from '../support/funnel-client.ts';
import { type FunnelHarness, ledger, startFunnelHarness } from '../support/funnel-harness.ts';

/**
 * The merchant's collecting account receives every payment: the direct transfers it reconciles, and the
 * payments Puente itself sends there (credentials flow, open finance). A Puente payment's credit, seen in
 * the statement, must never pay a direct transfer waiting for the same amount from the same payer.
 */
let harness: FunnelHarness;
let credentials: { merchant_code: string; merchant_api_token: string };
/** The merchant's collecting account: at Santander (bank X); payers pay from BCI (bank Y). */
const ACCOUNT = {
  bankCode: 'cl_santander',
  accountType: 'corriente',
  accountNumber: '0070001234',
  holderName: 'Tienda Conciliada SpA',
  holderRut: '76.123.456-0',
  notificationEmail: 'pagos@shop.example',
};

beforeAll(async () => {
  harness = await startFunnelHarness();
  const { merchant, apiToken } = harness.merchant;
  credentials = { merchant_code: merchant.code, merchant_api_token: apiToken };
  await setCollectingAccount(harness.services, merchant, ACCOUNT);
});
afterAll(async () => harness?.close());

const api = async (url: string, payload: Record<string, unknown>) => {
  const response = await harness.app.inject({ method: 'POST', url, payload: { ...credentials, ...payload } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

const statusOf = async (token: string) =>
  (await api('/merchant/check_payment_status', { session_token: token }))[0] as {
    payment_status: string;
    payment_step: string;
    payment_token: string | null;
  };

/** A direct-transfer payment of `amount` waiting for payer `userRut`. */
async function waitingDirectTransfer(amount: number, userRut: string) {
  const session = await api('/session/initialize', {
    merchant_order_id: `DT-${amount}-${Date.now()}`,
    order_amount: amount,
    user_rut: userRut,
    payment_method: 'direct_transfer',
  });
  expect(await statusOf(session.token)).toMatchObject({
    payment_status: 'pending',
    payment_step: 'awaiting_transfer',
  });
  return session.token as string;
}

/** A payment of `amount` by test payer `rut` through BCI, with the payer's RUT sent as `user_rut`. */
async function paidThroughBci(amount: number, rut: string) {
  const orderId = `OC-${amount}-${Date.now()}`;
  const created = await api('/session/initialize', {
    merchant_order_id: orderId,
    order_amount: amount,
    user_rut: rut,
  });
  const session = { token: created.token as string, orderId };
  const result = await walkPayment(new FunnelClient(harness.baseUrl), `/session/${session.token}`, {
    bank: 'cl_bci',
    rut,
  });
  expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
  const paid = await statusOf(session.token);
  expect(paid.payment_status).toBe('success');
  const mark = initiationMarkOf(paid.payment_token as string);
  const credit = (await ledger(harness.simulator)).find((entry) => entry.description.startsWith(mark));
  return { ...session, credit, mark };
}

const movementsOf = (token: string) =>
  harness.services.db.query<{ movement_id: string; status: string; review_reason: string | null }>(
    `select m.movement_id, m.status, m.review_reason from statement_movements m
     join payment_sessions s on s.id = m.session_id where s.token = $1 order by m.id`,
    [token],
  );

describe('a payment Puente sent to the collecting account never pays a direct transfer', () => {
  it('credentials flow at bank Y into the account at bank X: the sandbox statement poll recognises it by its mark', async () => {
    const waiting = await waitingDirectTransfer(15_990, '11.111.111-1');
    const paid = await paidThroughBci(15_990, '11.111.111-1');
    // The money went to the merchant's collecting account at its own bank, from the payer's bank.
    expect(paid.credit).toMatchObject({
      bank: 'cl_santander',
      debit_bank: 'cl_bci',
      credit_account: ACCOUNT.accountNumber,
      amount: 15_990,
      payer_rut: '11111111-1',
      description: `${paid.mark} ${paid.orderId}`,
    });

    const polled = await pollSandboxStatements({
      ...directTransferDeps(harness.services),
      banks: harness.services.banks,
    });
    expect(polled.movements).toBe(1);
    // The direct transfer still waits; the credit is the credentials payment's, linked to it.
    expect(await statusOf(waiting)).toMatchObject({
      payment_status: 'pending',
      payment_step: 'awaiting_transfer',
    });
    expect(await movementsOf(paid.token)).toEqual([
      { movement_id: paid.credit?.reference, status: 'initiated', review_reason: null },
    ]);
    expect(await movementsOf(waiting)).toEqual([]);
    const [latest] = await harness.services.directTransfers.imports(harness.merchant.merchant.id, 1);
    expect(latest).toMatchObject({
      source: 'simulator',
      newMovements: 1,
      matched: 0,
      toReview: 0,
      initiated: 1,
    });
  });

  it('the same credit without its comment, through POST /merchant/movements: to review, not a direct transfer paid', async () => {
    const waiting = await waitingDirectTransfer(23_450, '12.345.678-5');
    const paid = await paidThroughBci(23_450, '12.345.678-5');
    // The merchant's bank statement dropped the transfer's comment.
    const answer = await api('/merchant/movements', {
      movements: [
        {
          id: `CARTOLA-${paid.credit?.reference}`,
          date: '2026-12-01',
          amount: 23_450,
          description: '',
          payer_rut: '12.345.678-5',
          payer_name: 'Cliente de Pruebas',
          payer_bank: 'BCI',
        },
      ],
    });
    expect(answer).toEqual({ received: 1, new: 1, matched: 0, to_review: 1, initiated: 0, unmatched: 0 });
    expect(await statusOf(waiting)).toMatchObject({
      payment_status: 'pending',
      payment_step: 'awaiting_transfer',
    });
    // In the review queue, pointing at the direct transfer it could also be, with the reason.
    expect(await movementsOf(waiting)).toEqual([
      {
        movement_id: `CARTOLA-${paid.credit?.reference}`,
        status: 'review',
        review_reason: 'possibly_initiated',
      },
    ]);

    // The bank's own statement, with the comment, is recognised as the Puente payment's credit.
    await pollSandboxStatements({ ...directTransferDeps(harness.services), banks: harness.services.banks });
    expect(await movementsOf(paid.token)).toEqual([
      { movement_id: paid.credit?.reference, status: 'initiated', review_reason: null },
    ]);
    expect((await statusOf(waiting)).payment_status).toBe('pending');
  });

  it('a marked credit sent by the merchant through the API is Puente’s own, even if its order id looks like a reference', async () => {
    const waiting = await waitingDirectTransfer(7_000, '11.111.111-1');
    const page = await harness.app.inject({ method: 'GET', url: `/session/${waiting}?lang=es` });
    const reference = /id="dt-reference">([A-Z2-9]{6})</.exec(page.body)?.[1];
    expect(reference).toMatch(/^[A-Z2-9]{6}$/);
    const answer = await api('/merchant/movements', {
      movements: [
        {
          id: 'MOV-MARKED-1',
          date: '2026-12-01',
          amount: 7_000,
          description: `pteqqqqqqqq ${reference}`,
          payer_rut: '11.111.111-1',
        },
      ],
    });
    expect(answer).toEqual({ received: 1, new: 1, matched: 0, to_review: 0, initiated: 1, unmatched: 0 });
    expect((await statusOf(waiting)).payment_status).toBe('pending');
  });
});
