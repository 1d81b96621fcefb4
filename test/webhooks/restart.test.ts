import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY } from '../support/services.ts';
import { gatewayStorage, startReceiver, verifyHs256ByHand } from './support.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'gateway-process.ts');

interface Gateway {
  child: ChildProcess;
  lines: AsyncIterator<string>;
}

function startGateway(env: Record<string, string>): Gateway {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: {
      ...process.env,
      PUENTE_SECRET_KEY: TEST_SECRET_KEY,
      PUENTE_DEMO_MERCHANT: 'false',
      PUENTE_WEBHOOK_RETRY_JITTER: '0',
      PUENTE_WEBHOOK_POLL_MS: '50',
      PUENTE_WEBHOOK_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  return { child, lines };
}

async function nextMessage(gateway: Gateway): Promise<Record<string, unknown>> {
  for (;;) {
    const { value, done } = await gateway.lines.next();
    if (done) throw new Error('the gateway process ended');
    if (value.startsWith('{')) return JSON.parse(value) as Record<string, unknown>;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const running: ChildProcess[] = [];
afterEach(async () => {
  for (const child of running.splice(0)) {
    child.kill('SIGKILL');
    await exited(child);
  }
});

describe('webhooks survive the gateway', () => {
  it('a gateway killed (SIGKILL) right after the status change committed still delivers after restart', async () => {
    const storage = await gatewayStorage();
    const receiver = await startReceiver();
    try {
      const first = startGateway({
        ...storage.env,
        FIXTURE_PAY_TO: receiver.url,
        FIXTURE_WORKER_DELAY_MS: '60000',
        PUENTE_WEBHOOK_RETRY_SCHEDULE: '0,200ms',
      });
      running.push(first.child);
      const { committed } = (await nextMessage(first)) as {
        committed: { sessionToken: string; signatureToken: string };
      };
      first.child.kill('SIGKILL');
      await exited(first.child);
      expect(first.child.signalCode).toBe('SIGKILL');
      expect(receiver.received).toHaveLength(0);

      const second = startGateway({ ...storage.env, PUENTE_WEBHOOK_RETRY_SCHEDULE: '0,200ms' });
      running.push(second.child);
      const [webhook] = await receiver.waitFor(1, 30_000);
      const { payment } = JSON.parse(webhook?.body ?? '') as { payment: string };
      expect(verifyHs256ByHand(payment, committed.signatureToken)).toMatchObject({
        session_token: committed.sessionToken,
        payment_status: 'success',
        order_amount: 12_345,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
      for (const child of running.splice(0)) {
        child.kill('SIGTERM');
        await exited(child);
      }
      await storage.close();
    }
  }, 90_000);

  it('a gateway killed mid-attempt gives the delivery back: on restart it is sent again', async () => {
    const storage = await gatewayStorage();
    // The first request never gets an answer: the gateway dies while waiting for it.
    const receiver = await startReceiver((n, response) => {
      if (n > 1) response.end('ok');
    });
    try {
      const first = startGateway({ ...storage.env, FIXTURE_PAY_TO: receiver.url });
      running.push(first.child);
      await nextMessage(first);
      await receiver.waitFor(1, 30_000);
      first.child.kill('SIGKILL');
      await exited(first.child);

      const restartedAt = Date.now();
      const second = startGateway(storage.env);
      running.push(second.child);
      const [one, two] = await receiver.waitFor(2, 40_000);
      expect(two?.body).toBe(one?.body);
      // The interrupted attempt was never recorded; the delivery came back (PGlite: at start; PostgreSQL:
      // when the lease of timeout + 10 s ran out).
      expect(two?.headers['puente-attempt']).toBe('1');
      if (!process.env.DATABASE_URL) expect((two?.at ?? 0) - restartedAt).toBeLessThan(15_000);
    } finally {
      await receiver.close();
      for (const child of running.splice(0)) {
        child.kill('SIGTERM');
        await exited(child);
      }
      await storage.close();
    }
  }, 120_000);

  it('a receiver down across a gateway restart still gets the event', async () => {
    const storage = await gatewayStorage();
    // Learn a free port, then leave it closed: the receiver is down.
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();
    const url = `http://127.0.0.1:${port}/webhook`;
    const schedule = { PUENTE_WEBHOOK_RETRY_SCHEDULE: '0,300ms,600ms,1s,2s,2s,2s,2s,2s,2s,2s,2s' };
    let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null;
    try {
      const first = startGateway({ ...storage.env, ...schedule, FIXTURE_PAY_TO: url });
      running.push(first.child);
      const { committed } = (await nextMessage(first)) as {
        committed: { sessionToken: string; signatureToken: string };
      };
      await nextMessage(first); // worker started
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // a few refused attempts
      first.child.kill('SIGTERM');
      await exited(first.child);

      receiver = await startReceiver(undefined, port);
      const second = startGateway({ ...storage.env, ...schedule });
      running.push(second.child);
      const [webhook] = await receiver.waitFor(1, 30_000);
      const { payment } = JSON.parse(webhook?.body ?? '') as { payment: string };
      expect(verifyHs256ByHand(payment, committed.signatureToken)).toMatchObject({
        session_token: committed.sessionToken,
      });
      expect(Number(webhook?.headers['puente-attempt'])).toBeGreaterThan(1);
    } finally {
      await receiver?.close();
      for (const child of running.splice(0)) {
        child.kill('SIGTERM');
        await exited(child);
      }
      await storage.close();
    }
  }, 90_000);
});
