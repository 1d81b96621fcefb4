import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxSql } from '../../src/adapters/sql/sql-payment-events.ts';
import { type Services, startWebhookWorker } from '../../src/composition.ts';
import { resendDelivery } from '../../src/use-cases/resend-webhook-delivery.ts';
import { createTestServices } from '../support/services.ts';
import { FAST_WEBHOOKS, makeFinalPayment, startReceiver, verifyHs256ByHand } from './support.ts';

let services: Services;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  services = await createTestServices(FAST_WEBHOOKS);
  stopWorker = await startWebhookWorker(services);
});

afterAll(async () => {
  await stopWorker();
  await services.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliveryOf(sessionToken: string) {
  const [delivery] = await services.webhookDeliveries.listBySession(sessionToken);
  if (!delivery) throw new Error('no delivery');
  return delivery;
}

async function settled(sessionToken: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const delivery = await deliveryOf(sessionToken);
    if (delivery.status !== 'pending' && delivery.status !== 'delivering') return delivery;
    if (Date.now() > deadline) throw new Error(`delivery still ${delivery.status}`);
    await sleep(50);
  }
}

describe('webhook delivery', () => {
  it('posts {"payment": JWT} as JSON, signed with the session signature token, and records the attempt', async () => {
    const receiver = await startReceiver();
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url });
    const [webhook] = await receiver.waitFor(1);
    expect(webhook?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(webhook?.body ?? '') as { payment: string };
    expect(Object.keys(body)).toEqual(['payment']);

    const claims = verifyHs256ByHand(body.payment, payment.signatureToken);
    expect(claims).toMatchObject({
      session_token: payment.session.token,
      payment_token: payment.paymentToken,
      merchant_order_id: payment.session.merchantOrderId,
      merchant_code: payment.merchant.code,
      order_amount: 50_000,
      payment_status: 'success',
      payment_step: 'transfer_confirmed',
      user_bank_code: 'cl_test',
      user_rut: '12345678-5',
    });
    expect(typeof claims.jti).toBe('string');
    expect(typeof claims.iat).toBe('number');
    expect(() => verifyHs256ByHand(body.payment, 'another key')).toThrow('bad signature');
    expect(webhook?.headers['puente-event-id']).toBe(claims.jti);

    const delivery = await settled(payment.session.token);
    expect(delivery).toMatchObject({
      status: 'delivered',
      attemptCount: 1,
      lastStatusCode: 200,
      jti: claims.jti,
    });
    const attempts = await services.webhookDeliveries.attempts(delivery.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ statusCode: 200, error: null, responseExcerpt: 'ok' });
    expect(attempts[0]?.latencyMs).toBeGreaterThanOrEqual(0);
    await receiver.close();
  });

  it('a receiver that fails the first 3 attempts gets the event exactly once more, same bytes and jti', async () => {
    const receiver = await startReceiver((n, response) => {
      if (n <= 3) {
        response.statusCode = n === 2 ? 404 : 500;
        response.end(`failure ${n}`);
      } else response.end('thanks');
    });
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url, status: 'error' });
    await receiver.waitFor(4);
    const delivery = await settled(payment.session.token);
    await sleep(500); // nothing more may arrive after the 2xx
    expect(receiver.received).toHaveLength(4);
    const bodies = new Set(receiver.received.map((webhook) => webhook.body));
    expect(bodies.size).toBe(1);
    expect(new Set(receiver.received.map((webhook) => webhook.headers['puente-event-id'])).size).toBe(1);
    expect(receiver.received.map((webhook) => webhook.headers['puente-attempt'])).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);

    expect(delivery).toMatchObject({ status: 'delivered', attemptCount: 4 });
    const attempts = await services.webhookDeliveries.attempts(delivery.id);
    expect(attempts.map((attempt) => attempt.statusCode)).toEqual([500, 404, 500, 200]);
    expect(attempts.map((attempt) => attempt.responseExcerpt)).toEqual([
      'failure 1',
      'failure 2',
      'failure 3',
      'thanks',
    ]);
    await receiver.close();
  });

  it('410 Gone stops the retries', async () => {
    const receiver = await startReceiver((_n, response) => {
      response.statusCode = 410;
      response.end('no such shop');
    });
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url, status: 'cancelled' });
    const delivery = await settled(payment.session.token);
    await sleep(500);
    expect(receiver.received).toHaveLength(1);
    expect(delivery).toMatchObject({ status: 'failed', failureReason: 'gone', lastStatusCode: 410 });
    await receiver.close();
  });

  it('honours Retry-After', async () => {
    const receiver = await startReceiver((n, response) => {
      if (n === 1) {
        response.statusCode = 503;
        response.setHeader('retry-after', '2');
      }
      response.end();
    });
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url });
    const [first, second] = await receiver.waitFor(2, 10_000);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_950);
    expect(await settled(payment.session.token)).toMatchObject({ status: 'delivered', attemptCount: 2 });
    await receiver.close();
  });

  it('fails after the last attempt of the schedule, and the operator can resend the same event', async () => {
    let healthy = false;
    const receiver = await startReceiver((_n, response) => {
      response.statusCode = healthy ? 200 : 502;
      response.end();
    });
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url, status: 'expired' });
    const failed = await settled(payment.session.token);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'exhausted', attemptCount: 4 });
    expect(receiver.received).toHaveLength(4);

    healthy = true;
    const requeued = await resendDelivery(services, { deliveryId: failed.id });
    expect(requeued.map((delivery) => delivery.id)).toEqual([failed.id]);
    await receiver.waitFor(5);
    expect(await settled(payment.session.token)).toMatchObject({ status: 'delivered', attemptCount: 5 });
    expect(receiver.received[4]?.body).toBe(receiver.received[0]?.body);
    await receiver.close();
  });

  it('resends by session and all failed ones', async () => {
    const receiver = await startReceiver();
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url });
    await settled(payment.session.token);
    const bySession = await resendDelivery(services, { sessionToken: payment.session.token });
    expect(bySession).toHaveLength(1);
    await receiver.waitFor(2);
    expect(receiver.received[1]?.body).toBe(receiver.received[0]?.body);
    expect(await resendDelivery(services, { sessionToken: 'nobody' })).toEqual([]);
    await expect(resendDelivery(services, { deliveryId: 999_999 })).rejects.toThrow(/does not exist/);
    await receiver.close();
  });

  it('a final step that is not written (its funnel moved on) leaves no event and sends nothing', async () => {
    const receiver = await startReceiver();
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url, rollback: true });
    const rows = await services.db.query<{ count: number }>(
      'select count(*)::int as count from webhook_events where session_id = $1',
      [payment.session.id],
    );
    expect(rows[0]?.count).toBe(0);
    expect(await services.webhookDeliveries.listBySession(payment.session.token)).toEqual([]);
    await sleep(300);
    expect(receiver.received).toHaveLength(0);
    await receiver.close();
  });

  it('sends nothing when the payer never chose a bank or there is no webhook URL, and says why', async () => {
    const receiver = await startReceiver();
    const noBank = await makeFinalPayment(services, {
      webhookUrl: receiver.url,
      status: 'cancelled',
      bankChosen: false,
    });
    const noUrl = await makeFinalPayment(services, { webhookUrl: null });
    // Not a payment attempt (DESIGN §5): no event at all, so nothing to deliver.
    expect(await services.webhookDeliveries.listBySession(noBank.session.token)).toEqual([]);
    expect(await deliveryOf(noUrl.session.token)).toMatchObject({
      status: 'skipped',
      skipReason: 'no_webhook_url',
    });
    await expect(
      resendDelivery(services, { deliveryId: (await deliveryOf(noUrl.session.token)).id }),
    ).rejects.toThrow(/skipped/);
    await sleep(300);
    expect(receiver.received).toHaveLength(0);
    await receiver.close();
  });

  it('records one event per status change even if the same event is written twice', async () => {
    const receiver = await startReceiver();
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url });
    const view = await services.funnels.loadById(payment.session.id);
    if (!view) throw new Error('no funnel');
    const event = await services.paymentEvents.eventFor(view.session, view.merchant);
    if (!event) throw new Error('no event');
    const params: unknown[] = [];
    const outbox = outboxSql(event, (item) => {
      params.push(item);
      return `$${params.length}`;
    });
    await services.db.query(`with ${outbox.ctes} select ${outbox.results.join(', ')}`, params);
    expect(await services.webhookDeliveries.listBySession(payment.session.token)).toHaveLength(1);
    await receiver.close();
  });
});

describe('webhook safety rules', () => {
  it('a production merchant never reaches a name that resolves to 127.0.0.1', async () => {
    const receiver = await startReceiver();
    const payment = await makeFinalPayment(services, {
      webhookUrl: `https://localhost:${receiver.port}/webhook`,
      merchantEnvironment: 'production',
    });
    const deadline = Date.now() + 5_000;
    let attempts = await services.webhookDeliveries.attempts((await deliveryOf(payment.session.token)).id);
    while (attempts.length === 0 && Date.now() < deadline) {
      await sleep(50);
      attempts = await services.webhookDeliveries.attempts((await deliveryOf(payment.session.token)).id);
    }
    expect(attempts[0]?.statusCode).toBeNull();
    expect(attempts[0]?.error).toMatch(
      /refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
    expect(receiver.received).toHaveLength(0);
    await receiver.close();
  });

  it('a production merchant with an http URL fails at once without a request', async () => {
    const receiver = await startReceiver();
    const payment = await makeFinalPayment(services, {
      webhookUrl: receiver.url,
      merchantEnvironment: 'production',
    });
    expect(await settled(payment.session.token)).toMatchObject({
      status: 'failed',
      failureReason: 'url_not_allowed',
      attemptCount: 1,
    });
    expect(receiver.received).toHaveLength(0);
    await receiver.close();
  });
});
