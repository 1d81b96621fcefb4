import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Services, startWebhookWorker } from '../../src/composition.ts';
import { createTestServices } from '../support/services.ts';
import { FAST_WEBHOOKS, makeFinalPayment, startReceiver } from './support.ts';

let services: Services;

beforeAll(async () => {
  services = await createTestServices(FAST_WEBHOOKS);
});

afterAll(async () => {
  await services.close();
});

const ok = { attemptedAt: new Date(), statusCode: 200, latencyMs: 1, error: null, responseExcerpt: '' };

describe('delivery claims', () => {
  it('a claimed delivery is not claimed again until its lease runs out, then any worker takes it', async () => {
    const payment = await makeFinalPayment(services, { webhookUrl: 'http://127.0.0.1:9/webhook' });
    const [delivery] = await services.webhookDeliveries.listBySession(payment.session.token);
    const first = (await services.webhookDeliveries.claimDue(1000, 200)).filter(
      (claim) => claim.id === delivery?.id,
    );
    expect(first).toHaveLength(1);
    expect(await services.webhookDeliveries.claimDue(1000, 200)).toEqual([]);
    expect((await services.webhookDeliveries.findById(delivery?.id ?? 0))?.status).toBe('delivering');

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await services.webhookDeliveries.releaseExpiredLeases()).toBe(1);
    const second = await services.webhookDeliveries.claimDue(1000, 60_000);
    expect(second.map((claim) => claim.id)).toEqual([delivery?.id]);

    // The first worker's claim is stale: its late result must not overwrite the second claim's.
    const [stale] = first;
    if (!stale || !second[0]) throw new Error('unreachable');
    expect(await services.webhookDeliveries.recordAttempt(stale, ok, { status: 'delivered' })).toBe(false);
    expect((await services.webhookDeliveries.findById(stale.id))?.status).toBe('delivering');
    expect(await services.webhookDeliveries.recordAttempt(second[0], ok, { status: 'delivered' })).toBe(true);
    expect((await services.webhookDeliveries.findById(stale.id))?.status).toBe('delivered');
    // Both attempts happened, so both are on record.
    expect(await services.webhookDeliveries.attempts(stale.id)).toHaveLength(2);
  });

  it('several workers share the table and deliver each event exactly once', async () => {
    const receiver = await startReceiver();
    const count = 60;
    for (let i = 0; i < count; i++) await makeFinalPayment(services, { webhookUrl: receiver.url });
    const stops = await Promise.all(
      [true, false, false].map((first) =>
        startWebhookWorker(services, undefined, first && services.db.kind === 'pglite'),
      ),
    );
    try {
      await receiver.waitFor(count, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const jtis = receiver.received.map((webhook) => webhook.headers['puente-event-id']);
      // A duplicate is legitimate only after a failed attempt (at-least-once): show any such attempts.
      const failedAttempts = await services.db.query(
        'select delivery_id, status_code, latency_ms, error from webhook_attempts where status_code is distinct from 200',
      );
      expect({ received: jtis.length, failedAttempts }).toEqual({ received: count, failedAttempts: [] });
      expect(new Set(jtis).size).toBe(count);
    } finally {
      await Promise.all(stops.map((stop) => stop()));
      await receiver.close();
    }
  });
});
