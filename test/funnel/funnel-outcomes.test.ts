import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANKS } from '../../src/domain/banks.ts';
import { FunnelClient, type PayerScript, walkPayment } from '../support/funnel-client.ts';
import {
  type FunnelHarness,
  ledger,
  newSession,
  paysOrder,
  startFunnelHarness,
} from '../support/funnel-harness.ts';

let harness: FunnelHarness;
beforeAll(async () => {
  harness = await startFunnelHarness();
});
afterAll(async () => harness?.close());

async function pay(script: PayerScript) {
  const session = await newSession(harness);
  const result = await walkPayment(new FunnelClient(harness.baseUrl), session.path, script);
  const moved = (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, session.orderId));
  const [row] = await harness.services.db.query<{ payment_status: string; payment_step: string }>(
    'select payment_status, payment_step from payment_sessions where token = $1',
    [session.token],
  );
  return { result, moved, status: row?.payment_status, step: row?.payment_step };
}

describe('every bank', () => {
  it.each(BANKS.map((bank) => bank.code))('%s: test payer 11.111.111-1 pays once', async (bank) => {
    const { result, moved, status, step } = await pay({ bank, rut: '11.111.111-1' });
    expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
    expect(status).toBe('success');
    expect(step).toBe('transfer_confirmed');
    expect(moved).toHaveLength(1);
    expect(moved[0]?.amount).toBe(15_990);
  });
});

// One bank per kind of second factor: app (BCI), code (Santander), coordinates (Banco de Chile).
describe.each(['cl_bci', 'cl_santander', 'cl_bch'])('test payers at %s', (bank) => {
  it('22.222.222-2 insufficient funds: the attempt ends, nothing moved, another bank is offered', async () => {
    const { result, moved, status } = await pay({ bank, rut: '22.222.222-2' });
    expect(status).toBe('pending');
    expect(result.page).toContain('saldo suficiente');
    expect(result.page).toContain('Elegir otro banco');
    expect(moved).toHaveLength(0);
  });
  it('33.333.333-3 account blocked: the attempt ends, another bank is offered', async () => {
    const { result, moved, status } = await pay({ bank, rut: '33.333.333-3' });
    expect(status).toBe('pending');
    expect(result.page).toContain('Elegir otro banco');
    expect(result.page).toContain('bloqueada');
    expect(moved).toHaveLength(0);
  });
  it('44.444.444-4 second factor refused: the attempt ends', async () => {
    const { result, moved } = await pay({ bank, rut: '44.444.444-4' });
    expect(result.page).toContain('verificación fue rechazada');
    expect(moved).toHaveLength(0);
  });
  it('55.555.555-5 pending, then confirmed: success once', async () => {
    const { result, moved, status } = await pay({ bank, rut: '55.555.555-5' });
    expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
    expect(status).toBe('success');
    expect(moved).toHaveLength(1);
  });
  it('66.666.666-6 rejected by the bank: the attempt ends, nothing moved', async () => {
    const { result, moved, status } = await pay({ bank, rut: '66.666.666-6' });
    expect(status).toBe('pending');
    expect(result.page).toContain('rechazó la transferencia');
    expect(moved).toHaveLength(0);
  });
  it('77.777.777-7 three accounts: pays from the one chosen', async () => {
    const { result, moved } = await pay({ bank, rut: '77.777.777-7', accountIndex: 2 });
    expect(result.redirect).toMatch(/ok\?jwt=/);
    expect(moved).toHaveLength(1);
  });
  it('88.888.888-8 bank unavailable: the attempt ends', async () => {
    const { result, moved } = await pay({ bank, rut: '88.888.888-8' });
    expect(result.page).toContain('no está disponible');
    expect(moved).toHaveLength(0);
  });
  it('99.999.999-9 over the daily limit: the attempt ends, nothing moved', async () => {
    const { result, moved, status } = await pay({ bank, rut: '99.999.999-9' });
    expect(status).toBe('pending');
    expect(result.page).toContain('límite diario');
    expect(moved).toHaveLength(0);
  });
  it('a wrong password three times ends the payment', async () => {
    const { result, moved, status } = await pay({ bank, rut: '11.111.111-1', password: '9999' });
    expect(status).toBe('error');
    expect(result.page).toContain('demasiadas veces');
    expect(moved).toHaveLength(0);
  });
});
