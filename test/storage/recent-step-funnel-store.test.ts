import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken } from '../../src/adapters/crypto/random-token.ts';
import { RecentStepFunnelStore } from '../../src/adapters/sql/recent-step-funnel-store.ts';
import { SqlPaymentFunnelStore } from '../../src/adapters/sql/sql-payment-funnel-store.ts';
import type { Services } from '../../src/composition.ts';
import { decideStep, type FunnelChanges, type StepRequest } from '../../src/domain/funnel.ts';
import type { FunnelEvent } from '../../src/domain/payment-state-machine.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import type { FunnelView } from '../../src/ports/payment-funnel-store.ts';
import { applyStep } from '../../src/use-cases/funnel/apply-step.ts';
import { databaseKind } from '../support/database.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';
import { storeSession } from '../support/stored-session.ts';

/**
 * The view a written step left, handed to the redirect that follows it instead of a second read: it must be
 * what the database holds, handed out once, only while fresh, and never after another write to the session.
 */
let services: Services;
let merchantId: number;
let clock = 0;
let recent: RecentStepFunnelStore;
/** Another instance's store on the same database. */
let elsewhere: SqlPaymentFunnelStore;

beforeAll(async () => {
  services = await createTestServices();
  merchantId = (await createTestMerchant(services)).merchant.id;
  recent = new RecentStepFunnelStore(
    new SqlPaymentFunnelStore(services.db, services.merchants, services.secretBox.derivedKey('funnel-csrf')),
    { stepMilliseconds: 2_000, formMilliseconds: 120_000, maxFormViews: 3 },
    () => clock,
  );
  elsewhere = new SqlPaymentFunnelStore(
    services.db,
    services.merchants,
    services.secretBox.derivedKey('funnel-csrf'),
  );
});
afterAll(async () => {
  await services.close();
});

function step(
  store: RecentStepFunnelStore | SqlPaymentFunnelStore,
  from: FunnelView,
  event: StepRequest['event'],
  changes: FunnelChanges = {},
  extra: Omit<StepRequest, 'event' | 'changes'> = {},
) {
  return applyStep(
    { ...funnelDeps(services), funnels: store },
    from.session.id,
    { event, changes, ...extra },
    { from },
  );
}

async function newSession(): Promise<FunnelView> {
  const session = await storeSession(services, merchantId, {
    merchantOrderId: `OC-${randomToken(10)}`,
    orderAmount: 7_990,
    concat: '?',
  });
  const view = await recent.load(session.token);
  if (!view) throw new Error('the funnel did not load');
  return view;
}

/** The view without what the database sets by its own clock. */
const comparable = (view: FunnelView | null) => ({
  ...view,
  session: { ...view?.session, updatedAt: undefined },
});

describe(`recent-step funnel store on ${databaseKind()}`, () => {
  it('hands the redirect exactly what the database holds after each step of a payment', async () => {
    let view = await newSession();
    const walk: [FunnelEvent, FunnelChanges, Omit<StepRequest, 'event' | 'changes'>][] = [
      ['choose_bank', { bankCode: 'cl_bci' }, {}],
      ['login_rejected', {}, { countLoginAttempt: true }],
      [
        'login_succeeded',
        { challenge: { kind: 'code', length: 6 }, loginRut: '11111111-1' },
        { userRut: '11111111-1', countLoginAttempt: true },
      ],
      ['second_factor_passed', { accounts: [{ id: 'acc-1', last4: '4321', type: 'Cuenta Corriente' }] }, {}],
      ['account_chosen', { accountId: 'acc-1', accountLast4: '4321', holderName: 'Ana Pérez' }, {}],
      [
        'transfer_submitted',
        { transferStatus: 'submitted', transferSubmittedAt: new Date() },
        { claimOrder: true },
      ],
      ['transfer_completed', { transferStatus: 'completed', bankReference: 'REF-1' }, {}],
    ];
    for (const [event, changes, extra] of walk) {
      const result = await step(recent, view, event, changes, extra);
      if (!result.applied) throw new Error(`${event} was not applied`);
      expect(recent.size).toBe(1);
      const handed = await recent.load(view.session.token, { afterStep: result.view.funnel.version });
      const stored = await elsewhere.load(view.session.token);
      expect(comparable(handed), event).toEqual(comparable(stored));
      if (!handed) throw new Error('no view');
      view = handed;
    }
    expect(view.funnel.state).toBe('succeeded');
    expect(view.funnel.loginAttempts).toBe(2);
    expect(view.session.paymentStatus).toBe('success');
  });

  it('hands a kept view out once: the next read is the database', async () => {
    const view = await newSession();
    const chosen = await step(recent, view, 'choose_bank', { bankCode: 'cl_test' });
    if (!chosen.applied) throw new Error('not applied');
    // Another instance cancels in between: the one handed-out read is as of the write, the next one sees it.
    await step(elsewhere, chosen.view, 'cancel');
    const version = chosen.view.funnel.version;
    expect((await recent.load(view.session.token, { afterStep: version }))?.funnel.state).toBe('logging_in');
    expect((await recent.load(view.session.token, { afterStep: version }))?.funnel.state).toBe('cancelled');
    expect(recent.size).toBe(0);
  });

  it('hands a kept view only to the load naming the version it wrote: any other reads the database', async () => {
    // Behind a load balancer the step's redirect went to another instance; a later request of the payment
    // comes here, one step on. It must not be answered with the view kept for that redirect.
    const view = await newSession();
    const chosen = await step(recent, view, 'choose_bank', { bankCode: 'cl_test' });
    if (!chosen.applied) throw new Error('not applied');
    const cancelled = await step(elsewhere, chosen.view, 'cancel');
    if (!cancelled.applied) throw new Error('not applied');
    expect((await recent.load(view.session.token))?.funnel.state).toBe('cancelled');
    expect(recent.size).toBe(0);

    const again = await newSession();
    const kept = await step(recent, again, 'choose_bank', { bankCode: 'cl_test' });
    if (!kept.applied) throw new Error('not applied');
    const moved = await step(elsewhere, kept.view, 'cancel');
    if (!moved.applied) throw new Error('not applied');
    // The later request names the version another instance wrote, not the one kept here.
    expect(
      (await recent.load(again.session.token, { afterStep: moved.view.funnel.version }))?.funnel.state,
    ).toBe('cancelled');
    expect(recent.size).toBe(0);
  });

  it('reads the database once a kept view is older than the time to live', async () => {
    const view = await newSession();
    const chosen = await step(recent, view, 'choose_bank', { bankCode: 'cl_test' });
    if (!chosen.applied) throw new Error('not applied');
    await step(elsewhere, chosen.view, 'cancel');
    clock += 2_001;
    expect(
      (await recent.load(view.session.token, { afterStep: chosen.view.funnel.version }))?.funnel.state,
    ).toBe('cancelled');
  });

  it('forgets a kept view on any other write to the session or a read by id', async () => {
    const view = await newSession();
    const kept = async () => {
      const chosen = await step(recent, view, 'choose_bank', { bankCode: 'cl_test' });
      if (!chosen.applied) throw new Error('not applied');
      expect(recent.size).toBe(1);
      return chosen.view;
    };
    // Transfer bookkeeping (no state change) goes through this store: the kept view would miss it.
    const first = await kept();
    await recent.updateTransfer(view.session.id, { bankReference: 'REF-2' });
    expect(recent.size).toBe(0);
    await step(elsewhere, first, 'change_bank');
    // A read by id is the use cases asking for the database's word.
    const second = await kept();
    await recent.loadById(view.session.id);
    expect(recent.size).toBe(0);
    // A step that lost its race (another instance moved the funnel) keeps nothing.
    await step(elsewhere, second, 'change_bank');
    const decided = decideStep(second, { event: 'cancel' }, () => 'unused', new Date());
    if (!decided) throw new Error('cancel not allowed');
    const lost = await recent.write(decided, { bankCalls: [], event: null });
    expect(lost).toEqual({ written: 'moved', claimedDelivery: null });
    expect(recent.size).toBe(0);
  });

  it('hands the view a page was drawn from to the post of one of its forms, once, and never to a GET', async () => {
    const view = await newSession();
    const drawn = await recent.load(view.session.token, { drawsForms: true });
    if (!drawn) throw new Error('no view');
    expect(recent.size).toBe(1);
    // A reload or the back button is a GET: it reads the database, and keeps what it drew.
    expect(await recent.load(view.session.token, { afterStep: drawn.funnel.version })).not.toBe(drawn);
    const again = await recent.load(view.session.token, { drawsForms: true });
    expect(await recent.load(view.session.token, { formOf: drawn.funnel.version })).toBe(again);
    expect(recent.size).toBe(0);
    // Handed out once: a second post of the same form reads the database.
    const second = await recent.load(view.session.token, { formOf: drawn.funnel.version });
    expect(comparable(second)).toEqual(comparable(await elsewhere.load(view.session.token)));
    expect(second).not.toBe(again);
  });

  it("answers a post from another instance's page, or of a page one step behind, from the database", async () => {
    const view = await newSession();
    const drawn = await recent.load(view.session.token, { drawsForms: true });
    if (!drawn) throw new Error('no view');
    // The payer's form named another version (a page drawn elsewhere, before a step made elsewhere).
    const chosen = await step(elsewhere, drawn, 'choose_bank', { bankCode: 'cl_test' });
    if (!chosen.applied) throw new Error('not applied');
    const posted = await recent.load(view.session.token, { formOf: chosen.view.funnel.version });
    expect(posted?.funnel.state).toBe('logging_in');
    expect(posted).not.toBe(drawn);
    expect(recent.size).toBe(0);
  });

  it('drops a drawn view after the form time to live, on a write to its session, or when too many are kept', async () => {
    const view = await newSession();
    const drawn = await recent.load(view.session.token, { drawsForms: true });
    if (!drawn) throw new Error('no view');
    await step(elsewhere, drawn, 'cancel');
    clock += 120_001;
    expect((await recent.load(view.session.token, { formOf: drawn.funnel.version }))?.funnel.state).toBe(
      'cancelled',
    );

    const written = await newSession();
    await recent.load(written.session.token, { drawsForms: true });
    await recent.rememberWidgetOrigin(written.session.id, 'https://shop.example');
    expect(recent.size).toBe(0);

    const sessions = [await newSession(), await newSession(), await newSession(), await newSession()];
    const drawnViews: (FunnelView | null)[] = [];
    for (const one of sessions) drawnViews.push(await recent.load(one.session.token, { drawsForms: true }));
    // At most three (this test's limit): the first drawn went first, its post reads the database.
    expect(recent.size).toBe(3);
    const [oldest, next] = sessions;
    if (!oldest || !next) throw new Error('no sessions');
    expect(await recent.load(oldest.session.token, { formOf: oldest.funnel.version })).not.toBe(
      drawnViews[0],
    );
    expect(recent.size).toBe(3);
    expect(await recent.load(next.session.token, { formOf: next.funnel.version })).toBe(drawnViews[1]);
    expect(recent.size).toBe(2);
  });
});
