import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { csrfField } from '../../src/http/admin/layout.ts';
import { csvField } from '../../src/http/admin/routes/payments.ts';
import { startOfSantiagoDay } from '../../src/http/admin/time.ts';
import { buildApp } from '../../src/http/app.ts';
import { csrfIn, loginOperator } from '../support/admin.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

let services: Services;
let app: FastifyInstance;
let session: { cookie: string; csrf: string };

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  session = await loginOperator(app, services);
});
afterAll(async () => {
  await app.close();
  await services.close();
});

const post = (url: string, form: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf: session.csrf, ...form }).toString(),
  });
const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

describe('merchants', () => {
  it('are edited, refused with a clear message when invalid, and audited', async () => {
    const { merchant } = await createTestMerchant(services);
    const form = {
      name: 'Nuevo Nombre',
      environment: 'production',
      amount_limit: '1.500.000',
      completed_url: 'https://shop.example/ok',
      cancellation_url: '',
      webhook_url: 'https://shop.example/hook',
      frame_origins: 'https://shop.example\nhttps://www.shop.example',
    };
    const saved = await post(`/admin/merchants/${merchant.code}`, form);
    expect(saved.statusCode).toBe(200);
    const updated = await services.merchants.findByCode(merchant.code);
    expect(updated).toMatchObject({
      name: 'Nuevo Nombre',
      environment: 'production',
      amountLimit: 1_500_000,
      cancellationUrl: null,
      frameOrigins: ['https://shop.example', 'https://www.shop.example'],
    });
    const refused = await post(`/admin/merchants/${merchant.code}`, {
      ...form,
      webhook_url: 'http://shop.example/hook',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('must be an https:// URL for a production merchant');
    expect((await services.merchants.findByCode(merchant.code))?.webhookUrl).toBe(
      'https://shop.example/hook',
    );
    const actions = (await services.operators.recentAudit(20)).map((entry) => entry.action);
    expect(actions).toContain('merchant.update');
  });

  it('rotate tokens: the new one is shown once, the old one stops working', async () => {
    const { merchant, apiToken } = await createTestMerchant(services);
    const rotated = await post(`/admin/merchants/${merchant.code}/rotate-token`, {});
    const newToken = /id="merchant-api-token">([A-Za-z0-9]{64})</.exec(rotated.body)?.[1] ?? '';
    expect(newToken).toHaveLength(64);
    const call = (token: string) =>
      app.inject({
        method: 'POST',
        url: '/session/initialize',
        payload: JSON.stringify({
          merchant_code: merchant.code,
          merchant_api_token: token,
          merchant_order_id: `OC-${token.slice(0, 5)}`,
          order_amount: 100,
        }),
      });
    expect((await call(apiToken)).statusCode).toBe(401);
    expect((await call(newToken)).statusCode).toBe(200);
    expect((await get(`/admin/merchants/${merchant.code}`)).body).not.toContain(newToken);
  });

  it('a missing merchant is a 404 page, not JSON', async () => {
    const response = await get('/admin/merchants/sbx_nope');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('No encontrado');
  });
});

describe('payments', () => {
  it('export a search as CSV, every row, quoted safely, and audited', async () => {
    const { merchant } = await createTestMerchant(services, { name: 'CSV' });
    await services.db.query(
      `insert into payment_sessions (token, merchant_id, merchant_order_id, order_amount, payment_status,
         signature_token_sealed, expires_at, created_at)
       select lpad(n::text, 64, 'C'), $1, case when n = 1 then '-1+1' else 'OC-' || n end, n, 'error', 'x',
              now(), now() - n * interval '1 second'
         from generate_series(1, 2500) n`,
      [merchant.id],
    );
    const response = await get(`/admin/payments/export.csv?merchant=${merchant.code}&status=error`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="puente-pagos-/);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'created_at,updated_at,merchant_code,merchant_order_id,order_amount,payment_status,payment_step,user_bank_code,user_rut,session_token,payment_token',
    );
    expect(lines).toHaveLength(2501);
    expect(new Set(lines.slice(1).map((line) => line.split(',')[9])).size).toBe(2500);
    expect(lines[1]).toContain(`"'-1+1"`);
    expect((await services.operators.recentAudit(5)).map((entry) => entry.action)).toContain(
      'payments.export',
    );
  });

  it('read dates as Santiago days and refuse nonsense filters without querying', async () => {
    const response = await get('/admin/payments?rut=12.345.678-0&status=paid&bank=cl_nope&from=2026-13-01');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('RUT no válido');
    expect(response.body).toContain('estado desconocido');
    expect(response.body).toContain('banco desconocido');
    // Summer (UTC-3) and winter (UTC-4) midnights in Santiago.
    expect(startOfSantiagoDay('2026-01-15')?.toISOString()).toBe('2026-01-15T03:00:00.000Z');
    expect(startOfSantiagoDay('2026-07-15')?.toISOString()).toBe('2026-07-15T04:00:00.000Z');
  });
});

describe('helpers', () => {
  it('csv cells are quoted and formula-safe', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=cmd()')).toBe(`"'=cmd()"`);
    expect(csvField(null)).toBe('');
    expect(csvField(5000)).toBe('5000');
  });

  it('the CSRF field holds the session token', () => {
    expect(csrfIn(csrfField({ csrfToken: 'abc' } as never).text)).toBe('abc');
  });
});
