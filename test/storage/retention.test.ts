import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionPolicy, type Services } from '../../src/composition.ts';
import { commitFinalPayment } from '../support/final-payment.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

let services: Services;
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => services?.close());

const count = async (sql: string, params: unknown[] = []) =>
  Number((await services.db.query<{ n: number | string }>(sql, params))[0]?.n ?? 0);

describe('retention', () => {
  it('prunes old working records in batches and keeps payments, timelines, events and the audit log', async () => {
    const { merchant } = await createTestMerchant(services);
    const payment = await commitFinalPayment(services, { merchantId: merchant.id, webhookUrl: null });
    // Old and fresh working records of every kind.
    for (const age of ['40 days', '1 hour']) {
      for (let n = 0; n < 3; n++) {
        await services.db.query(
          `insert into bank_login_attempts (bank_code, rut_digest, client_address, outcome, attempted_at)
           values ('cl_bci', '\\x00', '203.0.113.1', 'wrong_password', now() - $1::interval)`,
          [age],
        );
        await services.db.query(
          `insert into operator_login_attempts (email, ip, succeeded, attempted_at)
           values ('ops@example.cl', '203.0.113.1', false, now() - $1::interval)`,
          [age],
        );
      }
    }
    await services.db.query(
      `update payment_funnels set accounts = '[{"id":"a","last4":"1234","type":"Cuenta RUT"}]',
         login_rut = '11111111-1', updated_at = now() - interval '10 days'
       where session_id = $1`,
      [payment.session.id],
    );
    const timelineBefore = await count('select count(*) as n from payment_timeline where session_id = $1', [
      payment.session.id,
    ]);

    const pruned = await services.retention.prune(retentionPolicy(services.config), 2);
    expect(pruned).toMatchObject({
      bank_login_attempts: 3,
      operator_login_attempts: 3,
      payment_funnels_scratch: 1,
    });
    expect(await count('select count(*) as n from bank_login_attempts')).toBe(3);
    expect(await count('select count(*) as n from operator_login_attempts')).toBe(3);
    const [funnel] = await services.db.query<Record<string, unknown>>(
      'select state, accounts, login_rut, bank_reference from payment_funnels where session_id = $1',
      [payment.session.id],
    );
    expect(funnel).toMatchObject({ state: 'succeeded', accounts: null, login_rut: null });
    expect(funnel?.bank_reference).toBeTruthy();
    expect(
      await count('select count(*) as n from payment_sessions where id = $1', [payment.session.id]),
    ).toBe(1);
    expect(
      await count('select count(*) as n from payment_timeline where session_id = $1', [payment.session.id]),
    ).toBe(timelineBefore);
    expect(
      await count('select count(*) as n from webhook_events where session_id = $1', [payment.session.id]),
    ).toBe(1);

    // Nothing left to prune: a second run removes nothing.
    expect(
      Object.values(await services.retention.prune(retentionPolicy(services.config))).every((n) => n === 0),
    ).toBe(true);
  });
});
