import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, FunnelClient, formAction, walkPayment } from '../support/funnel-client.ts';
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

describe('a payment over HTTP', () => {
  it('pays through cl_test and lands on the success URL with a JWT', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    const result = await walkPayment(client, session.path, { bank: 'cl_test', rut: '11.111.111-1' });
    expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
    const entries = await ledger(harness.simulator);
    expect(entries.filter((entry) => paysOrder(entry, session.orderId))).toHaveLength(1);
  });

  it('answers the approval that ends the payment with the merchant URL itself, no result page between', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    const atConfirmation = await walkPayment(client, session.path, {
      bank: 'cl_test',
      rut: '11.111.111-1',
      stopAtConfirmation: true,
    });
    const approve = formAction(atConfirmation.page, 'approve');
    if (!approve) throw new Error('not at the confirmation page');
    const answer = await client.post(approve, { csrf: csrfOf(atConfirmation.page) });
    expect(answer.status).toBe(303);
    const location = new URL(answer.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://shop.example/ok');
    const { payload } = await jwtVerify(
      location.searchParams.get('jwt') ?? '',
      new TextEncoder().encode(session.signatureToken),
    );
    expect(payload).toMatchObject({ session_token: session.token, payment_status: 'success' });
    // A later visit to the result (a reload, the back button) sends the payer the same way.
    const later = await client.get(`${session.path}/result?lang=es`);
    expect(later.location).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
  });

  it('still explains an error on the result page, which then offers the way back to the shop', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    let answer = await client.get(session.path);
    answer = await client.post(formAction(answer.body, 'bank') ?? '', {
      csrf: csrfOf(answer.body),
      bank: 'cl_test',
    });
    // Three wrong passwords end the payment with an error: the last login's answer leads to the result page.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const login = await client.get(answer.location ?? '');
      answer = await client.post(formAction(login.body, 'login') ?? '', {
        csrf: csrfOf(login.body),
        rut: '11.111.111-1',
        password: '9999',
      });
    }
    expect(answer.location).toMatch(new RegExp(`^/session/${session.token}/result\\?lang=es`));
    const result = await client.get(answer.location ?? '');
    expect(result.status).toBe(200);
    expect(result.body).toContain('https://shop.example/cancel?jwt=');
  });
});
