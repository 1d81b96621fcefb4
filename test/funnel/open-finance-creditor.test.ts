import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorStateOf } from '../../src/bank-simulator/app.ts';
import { type Creditor, creditorOf } from '../../src/domain/creditor.ts';
import type { Rut } from '../../src/domain/rut.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { setCollectingAccount } from '../../src/use-cases/direct-transfer/set-collecting-account.ts';
import { openFinanceOrderOf } from '../../src/use-cases/funnel/complete-bank-authorization.ts';
import { initiationMarkOf } from '../../src/use-cases/funnel/creditor.ts';
import {
  openOpenFinanceHandle,
  sealOpenFinanceHandle,
} from '../../src/use-cases/funnel/open-finance-handle.ts';
import { csrfOf, FunnelClient, formAction } from '../support/funnel-client.ts';
import { type FunnelHarness, ledger, newSession, startFunnelHarness } from '../support/funnel-harness.ts';
import { authorizeAtBank } from '../support/model-bank-payer.ts';
import { walkOpenFinancePayment } from '../support/open-finance-walk.ts';

/**
 * Open finance pays the merchant's collecting account: the consent and the payment order name it as
 * creditor, the same one for the whole attempt even when the merchant changes its account in between.
 */
let harness: FunnelHarness;
const FIRST = {
  bankCode: 'cl_santander',
  accountType: 'corriente',
  accountNumber: '0071112223',
  holderName: 'Tienda Uno SpA',
  holderRut: '76.123.456-0',
  notificationEmail: 'pagos@shop.example',
};
const SECOND = {
  bankCode: 'cl_itau',
  accountType: 'vista',
  accountNumber: '0099988877',
  holderName: 'Tienda Dos Limitada',
  holderRut: '12.345.678-5',
  notificationEmail: 'pagos@shop.example',
  // Direct transfer turned off: the account still receives every payment of the merchant.
  enabled: false,
};

beforeAll(async () => {
  harness = await startFunnelHarness({
    PUENTE_OPEN_FINANCE_BANKS: 'cl_bci',
    PUENTE_BANK_TIMEOUT_MS: '15000',
  });
  await setCollectingAccount(harness.services, harness.merchant.merchant, FIRST);
});
afterAll(async () => harness?.close());

const bci = () => {
  const bank = simulatorStateOf(harness.simulator.app).bank('cl_bci');
  if (!bank) throw new Error('no BCI in the simulator');
  return bank;
};

describe('the creditor of an open-finance payment', () => {
  it('is the collecting account, shown to the payer, and frozen for the attempt when the merchant changes it', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    let page = await client.get(session.path);
    const chosen = await client.post(formAction(page.body, 'bank') as string, {
      csrf: csrfOf(page.body),
      bank: 'cl_bci',
    });
    page = await client.get(chosen.location as string);
    // "amount, payee and bank": the payee is the account's holder, name and RUT.
    expect(page.body).toMatch(/Destinatario<\/dt><dd>Tienda Uno SpA<\/dd>/);
    expect(page.body).toContain('76.123.456-0');
    const toBank = await client.post(formAction(page.body, 'continue-at-bank') as string, {
      csrf: csrfOf(page.body),
    });
    expect(toBank.location).toMatch(/^http/);

    // What the model bank received in the consent.
    const view = await harness.services.funnels.load(session.token);
    const kept = openOpenFinanceHandle(harness.services.secretBox, view?.funnel.bankHandleSealed ?? null);
    if (kept?.stage !== 'authorizing') throw new Error('no authorisation kept');
    const consent = bci().consents.consent(kept.consentId);
    const firstCreditor = {
      bank: 'cl_santander',
      accountType: 'corriente',
      account: '0071112223',
      name: 'Tienda Uno SpA',
      rut: '76123456-0',
    };
    expect(consent?.creditor).toEqual(firstCreditor);
    const mark = initiationMarkOf(view?.session.paymentToken as string);
    expect(consent?.reference).toBe(`${mark} ${session.orderId}`.slice(0, 35));

    // The merchant moves its collecting account while the payer is at the bank.
    await setCollectingAccount(harness.services, harness.merchant.merchant, SECOND);
    const back = await client.get(session.path);
    expect(back.body).toMatch(/Destinatario<\/dt><dd>Tienda Uno SpA<\/dd>/);

    const { callbackUrl } = await authorizeAtBank(toBank.location as string, { rut: '11.111.111-1' });
    const returned = await client.get(`${callbackUrl.pathname}${callbackUrl.search}`);
    expect(returned.location).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);

    // The bank accepted the order only because it names the consent's creditor (field by field), and booked
    // the money there: at Santander, from BCI, to the first account.
    expect(consent?.status).toBe('Consumed');
    const booked = (await ledger(harness.simulator)).filter((entry) => entry.description.startsWith(mark));
    expect(booked).toEqual([
      expect.objectContaining({
        bank: 'cl_santander',
        debit_bank: 'cl_bci',
        credit_account: '0071112223',
        amount: 15_990,
      }),
    ]);

    // The next payment goes to the account the merchant has now.
    const next = await newSession(harness);
    const paid = await walkOpenFinancePayment(harness.baseUrl, next.path, {
      bank: 'cl_bci',
      rut: '11.111.111-1',
    });
    expect(paid.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
    const nextView = await harness.services.funnels.load(next.token);
    const nextMark = initiationMarkOf(nextView?.session.paymentToken as string);
    expect(
      (await ledger(harness.simulator)).filter((entry) => entry.description.startsWith(nextMark)),
    ).toEqual([
      expect.objectContaining({ bank: 'cl_itau', debit_bank: 'cl_bci', credit_account: '0099988877' }),
    ]);
    await setCollectingAccount(harness.services, harness.merchant.merchant, FIRST);
  });

  it('the sweep rebuilds the order with the attempt’s creditor; a handle kept before creditors were kept resolves it', async () => {
    const session = await newSession(harness);
    const view = await harness.services.funnels.load(session.token);
    if (!view) throw new Error('no session');
    const withToken = { ...view, session: { ...view.session, paymentToken: 'p'.repeat(64) } };
    const frozen: Creditor = {
      bankCode: 'cl_bch',
      accountType: 'ahorro',
      accountNumber: '5550001',
      holderName: 'Tienda Antigua SpA',
      holderRut: '76123456-0' as Rut,
    };
    const orderWith = (handle: Parameters<typeof sealOpenFinanceHandle>[1]) =>
      openFinanceOrderOf(funnelDeps(harness.services), {
        ...withToken,
        funnel: {
          ...view.funnel,
          bankHandleSealed: sealOpenFinanceHandle(harness.services.secretBox, handle),
        },
      });
    const kept = await orderWith({ stage: 'authorized', consentId: 'pdc-1', grant: 'g', creditor: frozen });
    expect(kept).toMatchObject({ recipient: frozen, idempotencyKey: 'p'.repeat(64) });
    expect(kept?.reference).toBe(`${initiationMarkOf('p'.repeat(64))} ${session.orderId}`);
    const old = await orderWith({ stage: 'authorized', consentId: 'pdc-1', grant: 'g' });
    const account = await harness.services.directTransfers.collectingAccount(harness.merchant.merchant.id);
    if (!account) throw new Error('no collecting account');
    expect(old?.recipient).toEqual(creditorOf(account));
  });
});
