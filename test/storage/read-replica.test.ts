import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import { openServices, type Services } from '../../src/composition.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { loginOperator } from '../support/admin.ts';
import { postJson } from '../support/http.ts';
import { createTestMerchant, TEST_SECRET_KEY } from '../support/services.ts';
import { startPrimaryCluster, startStandbyOf, type TemporaryCluster } from '../support/temporary-cluster.ts';

/**
 * `DATABASE_READ_URL` against a real streaming standby: a primary made for the test and a `pg_basebackup` of
 * it (the machine's shared server does not take replication connections, and a test must not reconfigure
 * it). Replay on the standby is paused to make lag, which shows what reads which server.
 */
let primary: TemporaryCluster;
let standby: TemporaryCluster;
let standbyDb: PostgresDatabase;
let services: Services;
let app: FastifyInstance;
let operator: { cookie: string };
let merchant: { merchant_code: string; merchant_api_token: string };

beforeAll(async () => {
  primary = await startPrimaryCluster();
  standby = await startStandbyOf(primary);
  standbyDb = PostgresDatabase.open(standby.url, { max: 2 });
  services = await openServices(
    loadConfig({
      PUENTE_SECRET_KEY: TEST_SECRET_KEY,
      DATABASE_URL: primary.url,
      DATABASE_READ_URL: standby.url,
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      PUENTE_API_URL: 'http://api.puente.test',
      PUENTE_PAYMENT_URL: 'http://pay.puente.test',
      LOG_LEVEL: 'silent',
    }),
  );
  app = await buildApp(services, { logger: false });
  operator = await loginOperator(app, services);
  const created = await createTestMerchant(services);
  merchant = { merchant_code: created.merchant.code, merchant_api_token: created.apiToken };
}, 120_000);

afterAll(async () => {
  await app?.close();
  await services?.close();
  await standbyDb?.close();
  await standby?.remove();
  await primary?.remove();
});

const createSession = async (orderId: string) => {
  const { status, body } = await postJson(app, '/session/initialize', {
    ...merchant,
    merchant_order_id: orderId,
    order_amount: 12_345,
  });
  expect(status).toBe(200);
  return body as { token: string };
};
const search = async (orderId: string) =>
  (
    await app.inject({
      method: 'GET',
      url: `/admin/payments?order=${orderId}`,
      headers: { cookie: operator.cookie },
    })
  ).body;
const exportCsv = async (orderId: string) =>
  (
    await app.inject({
      method: 'GET',
      url: `/admin/payments/export.csv?order=${orderId}`,
      headers: { cookie: operator.cookie },
    })
  ).body;

/** Waits until the standby has replayed everything the primary had written when called. */
async function caughtUp(): Promise<void> {
  const [{ lsn } = { lsn: '' }] = await services.db.query<{ lsn: string }>(
    'select pg_current_wal_lsn()::text as lsn',
  );
  for (let tries = 0; tries < 200; tries++) {
    const [row] = await standbyDb.query<{ done: boolean }>(
      'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done',
      [lsn],
    );
    if (row?.done) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the standby did not catch up in 10 s');
}

describe('a read replica (DATABASE_READ_URL)', () => {
  it('serves back-office search, export and the dashboard once it has replayed the rows', async () => {
    await createSession('OC-REPLICA-1');
    await caughtUp();
    expect(await search('OC-REPLICA-1')).toContain('OC-REPLICA-1');
    expect(await exportCsv('OC-REPLICA-1')).toContain('OC-REPLICA-1');
    const dashboard = await app.inject({
      method: 'GET',
      url: '/admin',
      headers: { cookie: operator.cookie },
    });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).not.toContain('id="replica-lag"');
  });

  it('lags behind while replay is paused, and the merchant API and the funnel never read from it', async () => {
    await standbyDb.query('select pg_wal_replay_pause()');
    try {
      const session = await createSession('OC-REPLICA-2');
      // The merchant API and the funnel read the primary: the session is there at once.
      const status = await postJson(app, '/merchant/check_payment_status', {
        ...merchant,
        merchant_order_id: 'OC-REPLICA-2',
      });
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject([{ merchant_order_id: 'OC-REPLICA-2', payment_status: 'pending' }]);
      const page = await app.inject({ method: 'GET', url: `/session/${session.token}` });
      expect(page.statusCode).toBe(200);
      // Search and export read the standby, which has not replayed it; the page says it is behind.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const behind = await search('OC-REPLICA-2');
      expect(behind).not.toContain('OC-REPLICA-2</td>');
      expect(behind).toMatch(/id="replica-lag">Datos de la réplica de lectura, con \d+ s de retraso/);
      expect(await exportCsv('OC-REPLICA-2')).not.toContain('OC-REPLICA-2');
      // The payment page an operator acts from reads the primary.
      const detail = await app.inject({
        method: 'GET',
        url: `/admin/payments/${session.token}`,
        headers: { cookie: operator.cookie },
      });
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain('OC-REPLICA-2');
    } finally {
      await standbyDb.query('select pg_wal_replay_resume()');
    }
    await caughtUp();
    const current = await search('OC-REPLICA-2');
    expect(current).toContain('OC-REPLICA-2');
    expect(current).not.toContain('id="replica-lag"');
  });

  it('falls back to the primary while the standby is down', async () => {
    await standbyDb.close();
    await standby.stop();
    try {
      await createSession('OC-REPLICA-3');
      const fresh = await search('OC-REPLICA-3');
      expect(fresh).toContain('OC-REPLICA-3');
      expect(fresh).not.toContain('id="replica-lag"');
      const dashboard = await app.inject({
        method: 'GET',
        url: '/admin',
        headers: { cookie: operator.cookie },
      });
      expect(dashboard.statusCode).toBe(200);
    } finally {
      await standby.start();
      standbyDb = PostgresDatabase.open(standby.url, { max: 2 });
    }
  });

  it('is refused without DATABASE_URL: the embedded database has no standby', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: standby.url })).toThrow(ConfigError);
  });
});
