import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunnelClient, walkPayment } from '../support/funnel-client.ts';
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
});
