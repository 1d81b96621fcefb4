import { describe, expect, it } from 'vitest';
import { decideStep, type FunnelView } from '../../src/domain/funnel.ts';
import type { FunnelState } from '../../src/domain/payment-state-machine.ts';
import type { Rut } from '../../src/domain/rut.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
let minted = 0;
const mint = () => `PT-${++minted}`;

function viewAt(state: FunnelState, overrides: Partial<FunnelView['session']> = {}): FunnelView {
  return {
    merchant: {
      id: 1,
      code: 'sbx_shop',
      name: 'Tienda',
      environment: 'sandbox',
      completedUrl: null,
      cancellationUrl: null,
      webhookUrl: null,
      frameOrigins: [],
      amountLimit: 1_000_000,
      onePaymentPerOrder: false,
      active: true,
      createdAt: NOW,
      updatedAt: NOW,
    },
    collectingAccount: null,
    session: {
      id: 7,
      token: 'T'.repeat(64),
      merchantId: 1,
      merchantOrderId: 'OC-1',
      orderAmount: 50_000,
      customerEmail: null,
      userBankCode: null,
      userRut: null,
      isRutBlock: false,
      metadata: [],
      completedUrl: null,
      cancellationUrl: null,
      webhookUrl: null,
      concat: '&',
      signatureTokenSealed: 'sealed',
      expiresAt: NOW,
      paymentToken: null,
      paymentStatus: 'pending',
      paymentStep: 'created',
      createdAt: NOW,
      updatedAt: NOW,
      ...overrides,
    },
    funnel: {
      sessionId: 7,
      state,
      bankCode: null,
      bankHandleSealed: 'handle',
      challenge: null,
      accounts: null,
      accountId: null,
      accountLast4: null,
      accountType: null,
      holderName: null,
      loginRut: null,
      loginAttempts: 0,
      failureReason: null,
      csrfSecret: 'csrf',
      transferSubmittedAt: null,
      transferStatus: null,
      bankReference: null,
      bankPaymentId: null,
      version: 4,
      widgetOrigin: null,
    },
  };
}

describe('decideStep', () => {
  it('refuses what the state machine refuses: null, nothing to write', () => {
    expect(decideStep(viewAt('transferring'), { event: 'cancel' }, mint, NOW)).toBeNull();
    expect(decideStep(viewAt('succeeded'), { event: 'expire' }, mint, NOW)).toBeNull();
  });

  it('mints the payment_token when the payer starts with a bank, and keeps it afterwards', () => {
    const step = decideStep(
      viewAt('choosing_bank'),
      { event: 'choose_bank', changes: { bankCode: 'cl_bci' } },
      mint,
      NOW,
    );
    expect(step?.after.session).toMatchObject({
      paymentToken: `PT-${minted}`,
      paymentStep: 'bank_selected',
      userBankCode: 'cl_bci',
      paymentStatus: 'pending',
    });
    const later = decideStep(
      viewAt('logging_in', { paymentToken: 'PT-kept' }),
      { event: 'login_succeeded' },
      mint,
      NOW,
    );
    expect(later?.after.session.paymentToken).toBe('PT-kept');
    expect(
      decideStep(viewAt('choosing_bank'), { event: 'cancel' }, mint, NOW)?.after.session.paymentToken,
    ).toBeNull();
  });

  it('names each new attempt with a new payment_token: another bank, or another account after a refusal', () => {
    const failed = viewAt('attempt_failed', { paymentToken: 'PT-refused' });
    const anotherBank = decideStep(
      failed,
      { event: 'choose_bank', changes: { bankCode: 'cl_bch' } },
      mint,
      NOW,
    );
    expect(anotherBank?.after.session.paymentToken).toBe(`PT-${minted}`);
    const anotherAccount = decideStep(
      failed,
      { event: 'account_chosen', changes: { accountId: 'b' } },
      mint,
      NOW,
    );
    expect(anotherAccount?.after.session.paymentToken).toBe(`PT-${minted}`);
    expect(anotherAccount?.after.funnel.state).toBe('confirming');
    const refused = decideStep(
      viewAt('transferring', { paymentToken: 'PT-1' }),
      { event: 'transfer_refused' },
      mint,
      NOW,
    );
    expect(refused?.after.session).toMatchObject({ paymentToken: 'PT-1', paymentStatus: 'pending' });
    expect(refused?.after.funnel.bankHandleSealed).toBe('handle');
  });

  it('chains events in one step, stopping at the first the table refuses', () => {
    const step = decideStep(
      viewAt('logging_in', { paymentToken: 'PT-x' }),
      {
        event: 'login_succeeded',
        followedBy: [
          { event: 'second_factor_passed' },
          { event: 'transfer_completed' },
          { event: 'account_chosen' },
        ],
      },
      mint,
      NOW,
    );
    expect(step?.transitions.map((t) => `${t.from}→${t.to}`)).toEqual([
      'logging_in→second_factor',
      'second_factor→choosing_account',
    ]);
    expect(step?.after.funnel).toMatchObject({ state: 'choosing_account', version: 5 });
    expect(step?.version).toBe(4);
  });

  it('a final state gives the merchant status, forgets the bank handle and names the outcome', () => {
    const step = decideStep(
      viewAt('needs_review', { paymentToken: 'PT-x', paymentStep: 'transfer_submitted' }),
      { event: 'transfer_rejected', changes: { failureReason: 'insufficient_funds' }, releaseOrder: true },
      mint,
      NOW,
    );
    expect(step?.after.session).toMatchObject({
      paymentStatus: 'error',
      paymentStep: 'transfer_submitted',
      updatedAt: NOW,
    });
    expect(step?.changes.bankHandleSealed).toBeNull();
    expect(step?.after.funnel.bankHandleSealed).toBeNull();
    expect(step?.transitions).toEqual([
      { name: 'transfer_rejected', from: 'needs_review', to: 'failed', outcome: 'error' },
    ]);
    expect(step?.releaseOrder).toBe(true);
  });

  it('chooses the event on the facts of the version it decides on, counting this login attempt', () => {
    const view = viewAt('logging_in', { paymentToken: 'PT-x' });
    view.funnel.loginAttempts = 2;
    const step = decideStep(
      view,
      {
        event: (facts) => (facts.loginAttempts >= 3 ? 'login_attempts_exhausted' : 'login_rejected'),
        countLoginAttempt: true,
      },
      mint,
      NOW,
    );
    expect(step?.transitions[0]?.name).toBe('login_attempts_exhausted');
    expect(step?.after.funnel.loginAttempts).toBe(3);
    expect(step?.after.session.paymentStatus).toBe('error');
  });

  it('sets user_rut from the login only when the merchant sent none, and keeps transfer_check_at off the record', () => {
    const fromLogin = decideStep(
      viewAt('logging_in', { paymentToken: 'P' }),
      { event: 'login_succeeded', userRut: '11111111-1' },
      mint,
      NOW,
    );
    expect(fromLogin?.after.session.userRut).toBe('11111111-1');
    const given = decideStep(
      viewAt('logging_in', { paymentToken: 'P', userRut: '12345678-5' }),
      { event: 'login_succeeded', userRut: '11111111-1' },
      mint,
      NOW,
    );
    expect(given?.after.session.userRut).toBe('12345678-5');
    const check = new Date(NOW.getTime() + 5000);
    const submitted = decideStep(
      viewAt('confirming', { paymentToken: 'P' }),
      { event: 'transfer_submitted', changes: { transferCheckAt: check } },
      mint,
      NOW,
    );
    expect(submitted?.changes.transferCheckAt).toEqual(check);
    expect(submitted?.after.funnel).not.toHaveProperty('transferCheckAt');
  });

  it('decides a step that directs money only with a creditor, and pins the account it was decided for', () => {
    const confirming = viewAt('confirming', { paymentToken: 'P' });
    const request = { event: 'transfer_submitted', directsMoney: true } as const;
    // Sandbox without an account: the placeholder creditor, pinned as "no account".
    const sandbox = decideStep(confirming, request, mint, NOW);
    expect(sandbox).toMatchObject({ pinsCreditor: true, after: { collectingAccount: null } });
    const production = {
      ...confirming,
      merchant: { ...confirming.merchant, environment: 'production' as const },
    };
    expect(decideStep(production, request, mint, NOW)).toBeNull();
    expect(decideStep(production, { event: 'transfer_submitted' }, mint, NOW)?.pinsCreditor).toBe(false);
    const account = {
      merchantId: 1,
      bankCode: 'cl_bch' as const,
      accountType: 'corriente' as const,
      accountNumber: '0012340000',
      holderName: 'Tienda SpA',
      holderRut: '76123456-0' as Rut,
      notificationEmail: 'pagos@shop.example',
      enabled: false,
      windowHours: 48,
    };
    const paid = decideStep({ ...production, collectingAccount: account }, request, mint, NOW);
    expect(paid).toMatchObject({ pinsCreditor: true, after: { collectingAccount: account } });
  });
});
