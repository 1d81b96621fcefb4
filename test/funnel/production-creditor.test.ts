import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, FunnelClient, formAction, walkPayment } from '../support/funnel-client.ts';
import { type FunnelHarness, ledger, startFunnelHarness } from '../support/funnel-harness.ts';
import { storeSession } from '../support/stored-session.ts';

/**
 * A production merchant's payments land in its collecting account; without one no bank payment can start,
 * since money must never be sent to a placeholder. Its payers see why, and nothing moves.
 */
let harness: FunnelHarness;
let credentials: { merchant_code: string; merchant_api_token: string };

beforeAll(async () => {
  harness = await startFunnelHarness({}, { environment: 'production', name: 'Tienda Nueva' });
  credentials = {
    merchant_code: harness.merchant.merchant.code,
    merchant_api_token: harness.merchant.apiToken,
  };
});
afterAll(async () => harness?.close());

const initialize = (fields: Record<string, unknown>) =>
  harness.app.inject({
    method: 'POST',
    url: '/session/initialize',
    payload: { ...credentials, merchant_order_id: `OC-${Date.now()}`, order_amount: 12_000, ...fields },
  });

/** A session of the merchant stored as one made before the rule existed would be. */
async function earlierSession(fields: { userBankCode?: 'cl_bci' } = {}) {
  const session = await storeSession(harness.services, harness.merchant.merchant.id, {
    orderAmount: 12_000,
    ...fields,
  });
  return { ...session, path: `/session/${session.token}` };
}

const statusOf = async (token: string) => {
  const [row] = await harness.services.db.query<{ payment_status: string; payment_step: string }>(
    'select payment_status, payment_step from payment_sessions where token = $1',
    [token],
  );
  return row;
};

const creditsTo = async (amount: number) =>
  (await ledger(harness.simulator)).filter((entry) => entry.amount === amount);

describe('a production merchant without a collecting account', () => {
  it('cannot open a payment session: 409 collecting_account_missing names what is missing', async () => {
    for (const fields of [{}, { user_bank_code: 'cl_bci' }]) {
      const response = await initialize(fields);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({
        code: 'collecting_account_missing',
        message: expect.stringContaining('no collecting account'),
      });
    }
  });

  it('a session made before is offered no bank, says why, and no bank step can be taken', async () => {
    const session = await earlierSession();
    const client = new FunnelClient(harness.baseUrl);
    const page = await client.get(`${session.path}?lang=es`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Tienda Nueva aún no puede recibir pagos');
    expect(page.body).toContain('No se hizo ningún cargo');
    expect(formAction(page.body, 'bank')).toBeNull();
    expect(formAction(page.body, 'cancel')).not.toBeNull();
    // A forged bank choice is refused: the payment stays where it was.
    const forged = await client.post(`${session.path}/bank?lang=es`, {
      csrf: csrfOf(page.body),
      bank: 'cl_bci',
    });
    expect(forged.status).toBe(303);
    expect((await client.get(`${session.path}?lang=en`)).body).toContain(
      'Tienda Nueva cannot receive payments yet',
    );
    expect(await statusOf(session.token)).toMatchObject({
      payment_status: 'pending',
      payment_step: 'created',
    });

    // With its bank named by the merchant: no login page either.
    const named = await earlierSession({ userBankCode: 'cl_bci' });
    const namedPage = await client.get(named.path);
    expect(formAction(namedPage.body, 'login')).toBeNull();
    expect(namedPage.body).toContain('aún no puede recibir pagos');
    expect(await creditsTo(12_000)).toEqual([]);
  });

  it('a payment that reached the confirmation before its account went away ends the attempt, sending nothing', async () => {
    await harness.services.db.query(
      `insert into collecting_accounts (merchant_id, bank_code, account_type, account_number, holder_name,
         holder_rut, notification_email)
       values ($1, 'cl_bch', 'corriente', '0012340000', 'Tienda Nueva SpA', '76123456-0', 'pagos@shop.example')`,
      [harness.merchant.merchant.id],
    );
    const session = await earlierSession();
    const client = new FunnelClient(harness.baseUrl);
    const confirming = await walkPayment(client, session.path, {
      bank: 'cl_bci',
      rut: '11.111.111-1',
      stopAtConfirmation: true,
    });
    expect(formAction(confirming.page, 'approve')).not.toBeNull();
    await harness.services.db.query('delete from collecting_accounts where merchant_id = $1', [
      harness.merchant.merchant.id,
    ]);
    const approved = await client.post(formAction(confirming.page, 'approve') as string, {
      csrf: csrfOf(confirming.page),
    });
    const after = await client.get(approved.location as string);
    expect(after.body).toContain('Tienda Nueva aún no puede recibir pagos');
    expect(after.body).toContain('No se hizo ningún cargo');
    expect(await statusOf(session.token)).toMatchObject({ payment_status: 'pending' });
    const [funnel] = await harness.services.db.query<{ state: string; failure_reason: string }>(
      `select f.state, f.failure_reason from payment_funnels f join payment_sessions s on s.id = f.session_id
       where s.token = $1`,
      [session.token],
    );
    expect(funnel).toEqual({ state: 'attempt_failed', failure_reason: 'merchant_cannot_collect' });
    expect(await creditsTo(12_000)).toEqual([]);
  });

  it('once its collecting account is registered, its payments land there', async () => {
    await harness.services.db.query(
      `insert into collecting_accounts (merchant_id, bank_code, account_type, account_number, holder_name,
         holder_rut, notification_email, enabled)
       values ($1, 'cl_bch', 'corriente', '0012340000', 'Tienda Nueva SpA', '76123456-0', 'pagos@shop.example', false)`,
      [harness.merchant.merchant.id],
    );
    const created = await initialize({ order_amount: 12_345 });
    expect(created.statusCode).toBe(200);
    const result = await walkPayment(new FunnelClient(harness.baseUrl), `/session/${created.json().token}`, {
      bank: 'cl_bci',
      rut: '11.111.111-1',
    });
    expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
    expect(await creditsTo(12_345)).toEqual([
      expect.objectContaining({ bank: 'cl_bch', debit_bank: 'cl_bci', credit_account: '0012340000' }),
    ]);
  });

  it('an account changed after the confirmation was drawn is the one paid, not the one the page was drawn with', async () => {
    const created = await initialize({ order_amount: 12_346 });
    const client = new FunnelClient(harness.baseUrl);
    const confirming = await walkPayment(client, `/session/${created.json().token}`, {
      bank: 'cl_bci',
      rut: '11.111.111-1',
      stopAtConfirmation: true,
    });
    // The approval decides on the view this page was drawn from: its write must notice the new account.
    await harness.services.db.query(
      `update collecting_accounts set bank_code = 'cl_santander', account_number = '0077770000',
         updated_at = now() where merchant_id = $1`,
      [harness.merchant.merchant.id],
    );
    const approved = await client.post(formAction(confirming.page, 'approve') as string, {
      csrf: csrfOf(confirming.page),
    });
    expect(approved.location).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
    expect(await creditsTo(12_346)).toEqual([
      expect.objectContaining({ bank: 'cl_santander', debit_bank: 'cl_bci', credit_account: '0077770000' }),
    ]);
  });
});
