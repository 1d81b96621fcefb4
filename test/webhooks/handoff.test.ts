import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../src/adapters/http/webhook-sender.ts';
import type { Services } from '../../src/composition.ts';
import type { WebhookHandoff } from '../../src/ports/webhook-deliveries.ts';
import { WebhookWorker } from '../../src/worker/webhook-worker.ts';
import { createTestServices } from '../support/services.ts';
import { FAST_WEBHOOKS, makeFinalPayment, startReceiver } from './support.ts';

// A final step's webhook is handed to the worker of the process that wrote it: the step writes the delivery
// already claimed, and the worker attempts it at once, with no claim statement and no wake-up.

let services: Services;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  services = await createTestServices(FAST_WEBHOOKS);
});

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

afterAll(async () => {
  await services.close();
});

/** A worker on the test's database, stopped after the test. */
async function startWorker(options: { concurrency: number; pollMs: number }): Promise<WebhookWorker> {
  const worker = new WebhookWorker(
    {
      deliveries: services.webhookDeliveries,
      sender: new HttpWebhookSender(),
      schedule: [0, 100, 100],
      jitter: 0,
      timeoutMs: 5_000,
      productionDeployment: false,
      allowPrivateAddresses: true,
    },
    { ...options, releaseAllLeasesOnStart: false },
  );
  await worker.start();
  stops.push(() => worker.stop());
  return worker;
}

/**
 * A worker that never looks for due deliveries by itself within a test (an hour between polls, no
 * LISTEN): a delivery reaches it only through the handoff, or the wake-up when an attempt ends.
 */
const quietWorker = (concurrency: number) => startWorker({ concurrency, pollMs: 3_600_000 });

function handTo(handoff: WebhookHandoff): void {
  services.webhookHandoff.attach(handoff);
  stops.push(async () => services.webhookHandoff.detach(handoff));
}

async function deliveryOf(sessionToken: string) {
  const [delivery] = await services.webhookDeliveries.listBySession(sessionToken);
  if (!delivery) throw new Error('no delivery');
  return delivery;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The session's delivery once delivered, after exactly one attempt. */
async function deliveredOnce(sessionToken: string) {
  const delivery = await until(
    () => deliveryOf(sessionToken),
    (found) => found.status === 'delivered',
  );
  expect(delivery.attemptCount).toBe(1);
  return delivery;
}

describe('webhook handoff', () => {
  it('the worker of the process that wrote the final step attempts its webhook at once', async () => {
    const receiver = await startReceiver();
    handTo(await quietWorker(4));
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url });
    // Polling would take an hour, and nothing was woken: the handoff is the only way this arrives.
    const [webhook] = await receiver.waitFor(1, 5_000);
    const delivery = await deliveredOnce(payment.session.token);
    expect(delivery.lastStatusCode).toBe(200);
    expect(webhook?.headers['puente-delivery-id']).toBe(String(delivery.id));
    expect(webhook?.headers['puente-attempt']).toBe('1');
    expect(await services.webhookDeliveries.attempts(delivery.id)).toHaveLength(1);
    await receiver.close();
  });

  it('with every slot taken, the delivery is written pending and claimed when a slot frees', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first webhook is held until released; the second is answered at once.
    const receiver = await startReceiver((n, response) => {
      if (n === 1) void held.then(() => response.end('ok'));
      else response.end('ok');
    });
    handTo(await quietWorker(1));
    const first = await makeFinalPayment(services, { webhookUrl: receiver.url });
    await receiver.waitFor(1, 5_000);
    const second = await makeFinalPayment(services, { webhookUrl: receiver.url });
    expect((await deliveryOf(second.session.token)).status).toBe('pending');
    expect(receiver.received).toHaveLength(1);

    release();
    await receiver.waitFor(2, 5_000);
    for (const payment of [first, second]) await deliveredOnce(payment.session.token);
    await receiver.close();
  });

  it('a process that dies between writing the claimed delivery and attempting it loses nothing', async () => {
    const receiver = await startReceiver();
    // The handoff of a process that dies at once: it claims (with a short lease) and never attempts.
    handTo({
      reserve: () => ({
        claimToken: randomUUID(),
        leaseMs: 300,
        attempt: () => {},
        release: () => {},
      }),
    });
    const payment = await makeFinalPayment(services, { webhookUrl: receiver.url });
    expect(await deliveryOf(payment.session.token)).toMatchObject({ status: 'delivering', attemptCount: 0 });

    // Another worker finds the lease run out, gives the delivery back and sends it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await startWorker({ concurrency: 4, pollMs: 50 });
    await receiver.waitFor(1, 10_000);
    await deliveredOnce(payment.session.token);
    await receiver.close();
  });

  it('reserve answers null once every slot is held or attempting, and when the worker is stopped', async () => {
    const worker = await quietWorker(2);
    const a = worker.reserve();
    const b = worker.reserve();
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(worker.reserve()).toBeNull();
    a?.release();
    a?.release(); // a second end of the same slot frees nothing more
    const c = worker.reserve();
    expect(c).not.toBeNull();
    expect(worker.reserve()).toBeNull();
    b?.release();
    c?.release();
    await worker.stop();
    expect(worker.reserve()).toBeNull();
  });
});
