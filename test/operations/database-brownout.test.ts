import { mkdtempSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/sql/migrate.ts';
import { PostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import { buildServices, type Services } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { buildTestApp } from '../support/http.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';
import { createTestMerchant } from '../support/services.ts';

/**
 * The database goes away and comes back: requests fail fast with 503 and Retry-After (JSON for the API, a
 * page in the payer's language for the funnel), and everything works again by itself once it is back. The
 * gateway talks to PostgreSQL through a TCP relay the test can cut, like a network partition.
 */
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  cut = false;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      if (this.cut) return client.destroy();
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** Drops every connection and refuses new ones until `restore`. */
  sever(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    this.sever();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

let scratch: { url: string; drop: () => Promise<void> };
let relay: Relay;
let services: Services;

beforeAll(async () => {
  scratch = await createScratchDatabase(SERVER, 'puente_brownout');
  const direct = new URL(scratch.url);
  relay = new Relay({ host: direct.hostname, port: Number(direct.port || 5432) });
  const port = await relay.start();
  const viaRelay = new URL(scratch.url);
  viaRelay.hostname = '127.0.0.1';
  viaRelay.port = String(port);
  const config = loadConfig({
    PUENTE_SECRET_KEY: 'c'.repeat(64),
    PUENTE_DATA_DIR: mkdtempSync(join(tmpdir(), 'puente-brownout-')),
    DATABASE_URL: viaRelay.toString(),
    DATABASE_CONNECT_TIMEOUT_MS: '500',
    LOG_LEVEL: 'silent',
  });
  const db = PostgresDatabase.open(config.DATABASE_URL ?? '', {
    max: 4,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
  });
  await migrate(db);
  services = buildServices(config, db);
});
afterAll(async () => {
  await services?.close();
  await relay?.close();
  await scratch?.drop();
});

describe('a database brownout', () => {
  it('answers 503 with Retry-After fast, in the right shape, and recovers by itself', async () => {
    const app = await buildTestApp(services);
    const { merchant, apiToken } = await createTestMerchant(services);
    const order = {
      merchant_code: merchant.code,
      merchant_api_token: apiToken,
      merchant_order_id: 'OC-BROWNOUT',
      order_amount: 1_000,
    };
    const created = await app.inject({ method: 'POST', url: '/session/initialize', payload: order });
    expect(created.statusCode).toBe(200);
    const token = created.json().token as string;

    relay.sever();
    const started = performance.now();
    const api = await app.inject({ method: 'POST', url: '/session/initialize', payload: order });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(api.statusCode).toBe(503);
    expect(api.headers['retry-after']).toBe('5');
    expect(api.json()).toMatchObject({ code: 'service_unavailable', request_id: expect.any(String) });

    const page = await app.inject({ method: 'GET', url: `/session/${token}` });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Servicio no disponible por un momento');
    const english = await app.inject({ method: 'GET', url: `/session/${token}?lang=en` });
    expect(english.body).toContain('Service briefly unavailable');

    relay.restore();
    let recovered = 0;
    for (let tries = 0; tries < 20 && recovered !== 200; tries++) {
      recovered = (await app.inject({ method: 'GET', url: `/session/${token}` })).statusCode;
      if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered).toBe(200);
    const again = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: { ...order, merchant_order_id: 'OC-AFTER' },
    });
    expect(again.statusCode).toBe(200);
    await app.close();
  });
});
