import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { buildApp } from '../../src/http/app.ts';
import { loginOperator, OPERATOR_PASSWORD } from '../support/admin.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

const METRICS_TOKEN = 'm'.repeat(32);
let services: Services;
let app: FastifyInstance;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  services = await createTestServices({ LOG_LEVEL: 'info', PUENTE_METRICS_TOKEN: METRICS_TOKEN });
  app = await buildApp(services, { logStream: { write: (line) => lines.push(JSON.parse(line)) } });
});
afterAll(async () => {
  await app.close();
  await services.close();
});

describe('health', () => {
  it('/healthz answers while the process runs, /readyz while the database does', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ok');
  });

  it('/readyz says 503 when the database is gone', async () => {
    const other = await createTestServices();
    const otherApp = await buildApp(other, { logger: false });
    await other.db.close();
    const ready = await otherApp.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'unavailable' });
    expect((await otherApp.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await otherApp.close();
  });
});

describe('metrics', () => {
  it('needs the bearer token when one is set', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } }))
        .statusCode,
    ).toBe(401);
  });

  it('reports latency by route pattern and payments by status and bank', async () => {
    const { merchant, apiToken } = await createTestMerchant(services);
    const created = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: JSON.stringify({
        merchant_code: merchant.code,
        merchant_api_token: apiToken,
        merchant_order_id: 'OC-M1',
        order_amount: 1000,
        user_bank_code: 'cl_bci',
      }),
    });
    expect(created.statusCode).toBe(200);
    const token = created.json().token as string;
    await app.inject({ method: 'GET', url: `/session/${token}` });
    const metrics = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    const text = metrics.body;
    expect(text).toMatch(
      /puente_http_request_duration_seconds_count\{method="POST",route="\/session\/initialize",status_code="200"\} 1/,
    );
    expect(text).toMatch(
      /puente_http_request_duration_seconds_count\{method="GET",route="\/session\/:token",status_code="200"\} 1/,
    );
    expect(text).not.toContain(token);
    expect(text).toMatch(/puente_payments_last_24h\{status="pending",bank="cl_bci"\} 1/);
    expect(text).toContain('puente_process_cpu_user_seconds_total');
    expect(text).toContain('puente_nodejs_eventloop_lag_seconds');
    expect(text).not.toContain('puente_process_process_');
  });
});

describe('webhook metrics', () => {
  it('report attempts by outcome and the delivery queue by state', async () => {
    const { merchant } = await createTestMerchant(services);
    const [session] = await services.db.query<{ id: number }>(
      `insert into payment_sessions (token, merchant_id, merchant_order_id, order_amount, payment_status, signature_token_sealed, expires_at)
       values ($1, $2, 'OC-W1', 100, 'success', 'x', now()) returning id`,
      ['Q'.repeat(64), merchant.id],
    );
    const [event] = await services.db.query<{ id: number }>(
      `insert into webhook_events (session_id, payment_status, jti, jwt) values ($1, 'success', 'jti-m1', 'j') returning id`,
      [session?.id],
    );
    const [failed] = await services.db.query<{ id: number }>(
      `insert into webhook_deliveries (event_id, url, status, failure_reason, attempt_count)
       values ($1, 'https://shop.example/h', 'failed', 'exhausted', 2) returning id`,
      [event?.id],
    );
    await services.db.query(
      `insert into webhook_deliveries (event_id, url, status, next_attempt_at)
       values ($1, 'https://shop.example/h', 'pending', now() - interval '1 minute'),
              ($1, 'https://shop.example/h', 'pending', now() + interval '1 hour')`,
      [event?.id],
    );
    await services.db.query(
      `insert into webhook_attempts (delivery_id, attempted_at, status_code, latency_ms)
       values ($1, now(), 500, 10), ($1, now(), null, 15000), ($1, now(), 204, 5)`,
      [failed?.id],
    );
    const text = (
      await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      })
    ).body;
    expect(text).toContain('puente_webhook_attempts_last_24h{outcome="success"} 1');
    expect(text).toContain('puente_webhook_attempts_last_24h{outcome="failure"} 2');
    expect(text).toContain('puente_webhook_deliveries{state="due"} 1');
    expect(text).toContain('puente_webhook_deliveries{state="pending"} 2');
    expect(text).toContain('puente_webhook_deliveries{state="failed"} 1');
  });
});

describe('logs', () => {
  it('carry the request id on every line, payment_token on funnel lines, and no secret', async () => {
    const { merchant, apiToken } = await createTestMerchant(services);
    const created = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      headers: { 'x-request-id': 'req-logs-1' },
      payload: JSON.stringify({
        merchant_code: merchant.code,
        merchant_api_token: apiToken,
        merchant_order_id: 'OC-L1',
        order_amount: 1000,
      }),
    });
    const token = created.json().token as string;
    await services.db.query(`update payment_sessions set payment_token = 'PT-logs-1' where token = $1`, [
      token,
    ]);
    await app.inject({ method: 'GET', url: `/session/${token}`, headers: { 'x-request-id': 'req-logs-2' } });
    const { cookie } = await loginOperator(app, services, 'logs@puente.test');
    await app.inject({
      method: 'GET',
      url: '/admin/merchants',
      headers: { cookie, 'x-request-id': 'req-logs-3' },
    });

    const funnelLines = lines.filter((line) => line.reqId === 'req-logs-2');
    expect(funnelLines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    for (const line of funnelLines) expect(line.payment_token).toBe('PT-logs-1');
    expect(lines.filter((line) => line.reqId === 'req-logs-3')).toHaveLength(2);
    for (const line of lines)
      if (line.msg !== 'Server listening at') expect(line.reqId ?? line.msg).toBeTruthy();

    const all = JSON.stringify(lines);
    expect(all).not.toContain(apiToken);
    expect(all).not.toContain(token);
    expect(all).not.toContain(OPERATOR_PASSWORD);
    expect(all).not.toContain(cookie.split('=')[1]);
  });
});
