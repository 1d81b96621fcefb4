import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomToken } from '../../src/adapters/crypto/random-token.ts';
import type { PostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import type { Services } from '../../src/composition.ts';
import type { Environment } from '../../src/domain/banks.ts';
import { createTestDatabase } from '../support/database.ts';
import { createTestMerchant } from '../support/services.ts';

export interface ReceivedWebhook {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on 127.0.0.1 (random port). `answer` decides each response from the number of the
 * request (1-based); by default 200.
 */
export async function startReceiver(
  answer: (request: number, response: ServerResponse) => void = (_n, response) => response.end('ok'),
  port = 0,
) {
  const received: ReceivedWebhook[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ at: Date.now(), headers: request.headers, body });
      answer(received.length, response);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const boundPort = (server.address() as AddressInfo).port;
  return {
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}/webhook`,
    received,
    /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
    async waitFor(count: number, timeoutMs = 15_000): Promise<ReceivedWebhook[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`got ${received.length} of ${count} webhooks in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A session whose status turned final the way the funnel does it: one transaction sets the payment token
 * and the status and records the event. `rollback` throws at the end of that transaction instead.
 */
export async function makeFinalPayment(
  services: Services,
  options: {
    webhookUrl: string | null;
    status?: 'success' | 'error' | 'cancelled' | 'expired';
    merchantEnvironment?: Environment;
    bankChosen?: boolean;
    rollback?: boolean;
  },
) {
  const { merchant } = await createTestMerchant(services, {
    environment: options.merchantEnvironment ?? 'sandbox',
    webhookUrl: null,
  });
  const signatureToken = randomToken(64);
  const session = await services.sessions.create({
    token: randomToken(64),
    merchantId: merchant.id,
    merchantOrderId: `OC-${randomToken(8)}`,
    orderAmount: 50_000,
    customerEmail: null,
    userBankCode: 'cl_test',
    userRut: '12345678-5',
    isRutBlock: false,
    metadata: [],
    completedUrl: null,
    cancellationUrl: null,
    webhookUrl: options.webhookUrl,
    concat: '&',
    signatureTokenSealed: services.secretBox.seal(signatureToken),
    expiresAt: new Date(Date.now() + 30 * 60_000),
  });
  if (session === 'order_already_paid') throw new Error('unexpected');
  const status = options.status ?? 'success';
  const paymentToken = options.bankChosen === false ? null : randomToken(64);
  const work = services.db.transaction(async (tx) => {
    await tx.query(
      `update payment_sessions set payment_token = $2, payment_status = $3, payment_step = $4, updated_at = now()
       where id = $1`,
      [session.id, paymentToken, status, status === 'success' ? 'transfer_confirmed' : 'bank_selected'],
    );
    await services.paymentEvents.recordStatusChange(tx, { sessionId: session.id, status });
    if (options.rollback) throw new Error('rolled back on purpose');
  });
  if (options.rollback) await work.catch(() => {});
  else await work;
  return { session, merchant, signatureToken, paymentToken, committedAt: Date.now() };
}

/**
 * Verifies an HS256 JWT by hand with node:crypto, independently of jose (which signs it): the signature
 * over `header.payload` with the session's signature token, and the header's algorithm.
 */
export function verifyHs256ByHand(jwt: string, key: string): Record<string, unknown> {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) throw new Error('not a JWT');
  const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
  if (parsedHeader.alg !== 'HS256') throw new Error(`unexpected alg ${parsedHeader.alg}`);
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Env settings that make retries fast enough for tests. */
export const FAST_WEBHOOKS = {
  PUENTE_WEBHOOK_RETRY_SCHEDULE: '0,100ms,100ms,100ms',
  PUENTE_WEBHOOK_RETRY_JITTER: '0',
  PUENTE_WEBHOOK_POLL_MS: '50',
  PUENTE_WEBHOOK_TIMEOUT_MS: '5000',
};

/** Where a gateway process keeps its data: a PGlite folder, or (DATABASE_URL set) a fresh PostgreSQL database. */
export async function gatewayStorage(): Promise<{ env: Record<string, string>; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-restart-'));
  if (!process.env.DATABASE_URL) return { env: { PUENTE_DATA_DIR: dataDir }, close: async () => {} };
  const db = (await createTestDatabase()) as PostgresDatabase;
  const url = db.pool.options.connectionString ?? '';
  return { env: { DATABASE_URL: url, PUENTE_DATA_DIR: dataDir }, close: () => db.close() };
}
