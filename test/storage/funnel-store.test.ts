import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken } from '../../src/adapters/crypto/random-token.ts';
import type { Services } from '../../src/composition.ts';
import type { FunnelChanges, StepRequest } from '../../src/domain/funnel.ts';
import type { FunnelEvent } from '../../src/domain/payment-state-machine.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import type { BankCallRecord, FunnelView } from '../../src/ports/payment-funnel-store.ts';
import { applyStep, type StepContext } from '../../src/use-cases/funnel/apply-step.ts';
import { runFunnelSweep } from '../../src/use-cases/funnel/funnel-sweep.ts';
import { databaseKind } from '../support/database.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';
import { storeSession } from '../support/stored-session.ts';

/**
 * The funnel's steps (`applyStep`, deciding) and the store's writes, on whichever adapter this run uses:
 * every step is one statement that applies
 * only to the funnel version it was decided on, so a step decided on a view that is no longer true is
 * decided again, concurrent steps on one view apply once, and a step refused by the order claim leaves
 * nothing behind.
 */
let services: Services;
let merchantId: number;

beforeAll(async () => {
  services = await createTestServices();
  merchantId = (await createTestMerchant(services)).merchant.id;
});
afterAll(async () => {
  await services.close();
});

/** One funnel step as the use cases take it (`applyStep`), written by this run's store. */
function apply(
  sessionId: number,
  event: StepRequest['event'],
  changes: FunnelChanges = {},
  options: Omit<StepRequest, 'event' | 'changes'> & StepContext = {},
) {
  const { from, bankCalls, ...effects } = options;
  return applyStep(
    funnelDeps(services),
    sessionId,
    { event, changes, ...effects },
    { ...(from ? { from } : {}), ...(bankCalls ? { bankCalls } : {}) },
  );
}

async function newSession(orderId = `OC-${randomToken(10)}`): Promise<FunnelView> {
  const session = await storeSession(services, merchantId, {
    merchantOrderId: orderId,
    orderAmount: 12_990,
    concat: '?',
  });
  const view = await services.funnels.load(session.token);
  if (!view) throw new Error('the funnel did not load');
  return view;
}

/** Walks a fresh session to the confirmation page in one step (choose bank … account chosen). */
async function atConfirmation(orderId?: string): Promise<FunnelView> {
  const view = await newSession(orderId);
  const chain: { event: FunnelEvent }[] = [
    { event: 'login_succeeded' },
    { event: 'second_factor_passed' },
    { event: 'account_chosen' },
  ];
  const result = await apply(
    view.session.id,
    'choose_bank',
    { bankCode: 'cl_test', accountId: 'acc-1' },
    { from: view, followedBy: chain, userRut: '11111111-1' },
  );
  if (!result.applied) throw new Error('could not reach the confirmation');
  expect(result.to).toBe('confirming');
  return result.view;
}

async function timelineOf(sessionId: number): Promise<string[]> {
  const rows = await services.db.query<{ kind: string; name: string; outcome: string | null }>(
    'select kind, name, outcome from payment_timeline where session_id = $1 order by id',
    [sessionId],
  );
  return rows.map((row) => `${row.kind}:${row.name}:${row.outcome}`);
}

describe(`funnel store on ${databaseKind()}`, () => {
  it('returns the view as written, the same as reading it again', async () => {
    const view = await newSession();
    const result = await apply(view.session.id, 'choose_bank', { bankCode: 'cl_bci' }, { from: view });
    if (!result.applied) throw new Error('not applied');
    const read = await services.funnels.loadById(view.session.id);
    const comparable = (one: FunnelView | null) => ({
      session: { ...one?.session, updatedAt: undefined },
      funnel: one?.funnel,
    });
    expect(comparable(result.view)).toEqual(comparable(read));
    expect(read?.funnel.version).toBe(view.funnel.version + 1);
    expect(read?.session.paymentToken).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('decides a step again when the funnel moved on since the view it was decided on', async () => {
    const stale = await newSession();
    await apply(stale.session.id, 'choose_bank', { bankCode: 'cl_test' }, { from: stale });

    // Decided on `stale` (choosing_bank), the funnel is now logging_in: cancel still applies, from there.
    const cancelled = await apply(stale.session.id, 'cancel', {}, { from: stale });
    expect(cancelled).toMatchObject({ applied: true, from: 'logging_in', to: 'cancelled' });

    // And a step the funnel no longer allows is refused with the state it is in.
    const again = await apply(stale.session.id, 'choose_bank', { bankCode: 'cl_bci' }, { from: stale });
    expect(again).toEqual({ applied: false, state: 'cancelled', reason: 'not_allowed' });
    expect(await timelineOf(stale.session.id)).toEqual([
      'step:choose_bank:bank_selected',
      'step:cancel:cancelled',
    ]);
  });

  it('checks the database before refusing a step its caller decided on an older view', async () => {
    const stale = await newSession();
    await apply(stale.session.id, 'choose_bank', { bankCode: 'cl_test' }, { from: stale });
    // Not allowed in `choosing_bank`, where the caller saw the funnel; allowed in `logging_in`, where it is.
    const result = await apply(stale.session.id, 'login_succeeded', {}, { from: stale });
    expect(result).toMatchObject({ applied: true, from: 'logging_in', to: 'second_factor' });
  });

  it('writes nothing when a session is opened; its first step makes the row, with the same CSRF key', async () => {
    const view = await newSession();
    const rows = () =>
      services.db.query<{ csrf_secret: string; version: number; state: string }>(
        'select csrf_secret, version, state from payment_funnels where session_id = $1',
        [view.session.id],
      );
    expect(await rows()).toEqual([]);
    expect(view.funnel).toMatchObject({ state: 'choosing_bank', version: 0, loginAttempts: 0 });
    // The page drawn now and the form posted from it later agree on the key, with no row in between.
    const again = await services.funnels.loadById(view.session.id);
    expect(again?.funnel.csrfSecret).toBe(view.funnel.csrfSecret);
    expect(view.funnel.csrfSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await newSession();
    expect(other.funnel.csrfSecret).not.toBe(view.funnel.csrfSecret);

    const chosen = await apply(view.session.id, 'choose_bank', { bankCode: 'cl_test' }, { from: view });
    expect(chosen).toMatchObject({ applied: true, from: 'choosing_bank', to: 'logging_in' });
    expect(await rows()).toEqual([{ csrf_secret: view.funnel.csrfSecret, version: 1, state: 'logging_in' }]);
  });

  it('applies one of many concurrent first steps of a session no step has moved', async () => {
    const view = await newSession();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        index % 2 === 0
          ? apply(view.session.id, 'cancel', {}, { from: view })
          : apply(view.session.id, 'choose_bank', { bankCode: 'cl_test' }, { from: view }),
      ),
    );
    const applied = results.filter((result) => result.applied);
    // The first write makes the row; the others meet it at version 1 and are decided again on it.
    expect(applied.length).toBeGreaterThanOrEqual(1);
    const read = await services.funnels.loadById(view.session.id);
    expect(read?.funnel.version).toBe(applied.length);
    const timeline = await timelineOf(view.session.id);
    expect(timeline).toHaveLength(applied.length);
    expect(timeline.filter((row) => row === 'step:cancel:cancelled').length).toBeLessThanOrEqual(1);
  });

  it('expires a session nobody opened through the sweep, making its row then', async () => {
    const session = await storeSession(services, merchantId, {
      merchantOrderId: `OC-${randomToken(10)}`,
      orderAmount: 1_000,
      concat: '?',
    });
    await services.db.query(
      "update payment_sessions set expires_at = now() - interval '1 minute' where id = $1",
      [session.id],
    );
    const { sessionsExpired } = await runFunnelSweep(funnelDeps(services), { batch: 500 });
    expect(sessionsExpired).toBeGreaterThanOrEqual(1);
    const read = await services.funnels.loadById(session.id);
    expect(read?.funnel).toMatchObject({ state: 'expired', version: 1 });
    expect(read?.session.paymentStatus).toBe('expired');
  });

  it('applies one of many concurrent steps decided on the same view, with one event', async () => {
    const view = await newSession();
    await apply(view.session.id, 'choose_bank', { bankCode: 'cl_test' }, { from: view });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => apply(view.session.id, 'cancel', {}, { from: view })),
    );
    expect(results.filter((result) => result.applied)).toHaveLength(1);
    expect(results.filter((result) => !result.applied && result.state === 'cancelled')).toHaveLength(7);
    const events = await services.db.query('select 1 from webhook_events where session_id = $1', [
      view.session.id,
    ]);
    expect(events).toHaveLength(1);
    expect((await timelineOf(view.session.id)).filter((row) => row.startsWith('step:cancel'))).toHaveLength(
      1,
    );
  });

  it('refuses the transfer of a second session of a claimed order and writes nothing of its step', async () => {
    const orderId = `OC-${randomToken(10)}`;
    const first = await atConfirmation(orderId);
    const second = await atConfirmation(orderId);
    const call: BankCallRecord = {
      sessionId: second.session.id,
      paymentToken: second.session.paymentToken,
      bankCode: 'cl_test',
      operation: 'list_accounts',
      outcome: 'ok:1',
      durationMs: 12,
    };
    const submitted = { transferStatus: 'submitted' as const, transferSubmittedAt: new Date() };

    const won = await apply(first.session.id, 'transfer_submitted', submitted, {
      from: first,
      claimOrder: true,
    });
    const lost = await apply(second.session.id, 'transfer_submitted', submitted, {
      from: second,
      claimOrder: true,
      bankCalls: [call],
    });
    expect(won).toMatchObject({ applied: true, to: 'transferring' });
    expect(lost).toEqual({ applied: false, state: 'confirming', reason: 'order_claimed' });

    const after = await services.funnels.loadById(second.session.id);
    expect(after?.funnel).toMatchObject({ state: 'confirming', version: second.funnel.version });
    expect(after?.funnel.transferStatus).toBeNull();
    const timeline = await timelineOf(second.session.id);
    expect(timeline.some((row) => row.startsWith('step:transfer_submitted'))).toBe(false);
    // The bank was called all the same: its row is kept.
    expect(timeline.at(-1)).toBe('bank_call:list_accounts:ok:1');
    const claims = await services.db.query<{ session_id: number }>(
      'select session_id from payment_order_claims where merchant_id = $1 and merchant_order_id = $2',
      [merchantId, orderId],
    );
    expect(claims.map((claim) => Number(claim.session_id))).toEqual([first.session.id]);
  });

  it('writes the bank calls before the step they led to, and signs the event from the session as stored', async () => {
    const view = await atConfirmation();
    const intent = await apply(
      view.session.id,
      'transfer_submitted',
      { transferStatus: 'submitted', transferSubmittedAt: new Date() },
      { from: view, claimOrder: true },
    );
    if (!intent.applied) throw new Error('not applied');
    const call: BankCallRecord = {
      sessionId: view.session.id,
      paymentToken: intent.paymentToken,
      bankCode: 'cl_test',
      operation: 'transfer',
      outcome: 'completed',
      durationMs: 31.4,
    };
    const done = await apply(
      view.session.id,
      'transfer_completed',
      { transferStatus: 'completed', bankReference: 'REF-1', transferCheckAt: null },
      { from: intent.view, bankCalls: [call] },
    );
    expect(done).toMatchObject({ applied: true, to: 'succeeded' });
    expect((await timelineOf(view.session.id)).slice(-2)).toEqual([
      'bank_call:transfer:completed',
      'step:transfer_completed:success',
    ]);

    const [stored] = await services.db.query<Record<string, unknown>>(
      `select s.token, s.payment_token, s.payment_status, s.payment_step, s.user_bank_code, s.user_rut, e.jwt
       from payment_sessions s join webhook_events e on e.session_id = s.id where s.id = $1`,
      [view.session.id],
    );
    expect(stored).toBeDefined();
    expect(decodeJwt(String(stored?.jwt))).toMatchObject({
      session_token: stored?.token,
      payment_token: stored?.payment_token,
      payment_status: 'success',
      payment_step: stored?.payment_step,
      user_bank_code: stored?.user_bank_code,
      user_rut: stored?.user_rut,
      order_amount: 12_990,
    });
  });
});
