import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import type { Services } from '../../src/composition.ts';
import type { Environment } from '../../src/domain/banks.ts';
import { createTestDatabase } from '../support/database.ts';
import { commitFinalPayment } from '../support/final-payment.ts';
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

/** A payment of a new merchant of its own, made final the way the funnel does it (`commitFinalPayment`). */
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
  const { merchantEnvironment: _environment, ...rest } = options;
  return {
    ...(await commitFinalPayment(services, { ...rest, merchantId: merchant.id, userRut: '12345678-5' })),
    merchant,
  };
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
