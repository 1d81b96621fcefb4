import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../../src/adapters/crypto/hash.ts';
import type { Services } from '../../src/composition.ts';
import { buildApp } from '../../src/http/app.ts';
import { createOperator } from '../../src/use-cases/operators/create-operator.ts';
import { launchChromium, listenOnLoopback, screenshot } from '../support/browser.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

let services: Services;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
let operatorPassword: string;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  base = await listenOnLoopback(app);
  // As `puente operator create --email ...` does: a generated password, shown once.
  const { generatedPassword } = await createOperator(services, { email: 'first@puente.test' });
  operatorPassword = generatedPassword ?? '';
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await services?.close();
});

describe('back-office in Chromium', () => {
  it('first operator login', async () => {
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await screenshot(page, '01-login');
    await page.getByLabel('Correo').fill('first@puente.test');
    await page.getByLabel('Contraseña').fill('not the password');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Correo o contraseña incorrectos');
    await page.getByLabel('Contraseña').fill(operatorPassword);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${base}/admin`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /^Hoy, \d{1,2} de \p{L}+ de \d{4}$/u,
    );
    expect(await page.getByText('first@puente.test').count()).toBe(1);
    await screenshot(page, '02-dashboard');
  });

  it('creates a merchant and shows its credentials exactly once', async () => {
    await page.getByRole('link', { name: 'Comercios' }).click();
    await page.getByRole('link', { name: 'Nuevo comercio' }).click();
    await screenshot(page, '03-merchant-new');
    await page.getByLabel('Nombre (visible para el pagador)').fill('Librería Andes');
    await page.getByLabel('Monto máximo por pago (pesos)').fill('750000');
    await page.getByLabel('URL del webhook').fill('https://andes.example/webhook');
    await page.getByRole('button', { name: 'Crear comercio' }).click();
    const code = (await page.locator('#merchant-code').textContent()) ?? '';
    const token = (await page.locator('#merchant-api-token').textContent()) ?? '';
    expect(code).toMatch(/^sbx_[a-z0-9]{16}$/);
    expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
    await screenshot(page, '04-merchant-created');

    // The token works against the API, is stored only as its hash, and never appears again.
    const api = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: JSON.stringify({
        merchant_code: code,
        merchant_api_token: token,
        merchant_order_id: 'OC-B1',
        order_amount: 1000,
      }),
    });
    expect(api.statusCode).toBe(200);
    const [row] = await services.db.query<{ api_token_hash: Uint8Array }>(
      'select api_token_hash from merchants where code = $1',
      [code],
    );
    expect(Buffer.from(row?.api_token_hash ?? []).equals(hashApiToken(token))).toBe(true);
    await page.goto(`${base}/admin/merchants/${code}`);
    expect(await page.content()).not.toContain(token);
    await page.goto(`${base}/admin/merchants`);
    expect(await page.content()).not.toContain(token);
    expect(await page.getByRole('link', { name: 'Librería Andes' }).count()).toBe(1);
    await screenshot(page, '05-merchants');

    // Suspend: the API refuses it with 403 merchant_inactive.
    await page.getByRole('link', { name: 'Librería Andes' }).click();
    await page.getByRole('button', { name: 'Suspender' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Comercio suspendido');
    await screenshot(page, '06-merchant-suspended');
    const refused = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: JSON.stringify({
        merchant_code: code,
        merchant_api_token: token,
        merchant_order_id: 'OC-B2',
        order_amount: 1000,
      }),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('merchant_inactive');
    const audit = await services.operators.recentAudit(10);
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['merchant.create', 'merchant.suspend']),
    );
  });

  it('searches payments and opens one', async () => {
    const { merchant } = await createTestMerchant(services, { name: 'Ferretería Sur' });
    await services.db.query(
      `insert into payment_sessions (token, merchant_id, merchant_order_id, order_amount, user_bank_code, user_rut,
         payment_token, payment_status, payment_step, signature_token_sealed, expires_at, created_at)
       select lpad(n::text, 64, 'T'), $1, 'OC-' || n, 1000 * n,
              (array['cl_bci','cl_estado','cl_bch'])[1 + n % 3], case when n % 5 = 0 then '12345678-5' end,
              'PT' || n, (array['success','error','pending','cancelled'])[1 + n % 4], 'logged_in', 'x',
              now() + interval '1 hour', now() - n * interval '1 minute'
         from generate_series(1, 120) n`,
      [merchant.id],
    );
    await page.goto(`${base}/admin/payments`);
    expect(await page.locator('tbody tr').count()).toBe(50);
    await page.getByLabel('RUT').fill('12.345.678-5');
    await page.getByLabel('Estado').selectOption('success');
    await page.getByRole('button', { name: 'Buscar' }).click();
    // n % 5 = 0 and n % 4 = 0: n = 20, 40, ..., 120.
    expect(await page.locator('tbody tr').count()).toBe(6);
    await screenshot(page, '07-payments-search');
    await page.getByLabel('RUT').fill('');
    await page.getByLabel('Estado').selectOption('');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('link', { name: 'Siguientes »' }).click();
    expect(await page.locator('tbody tr').count()).toBe(50);
    await page.getByRole('link', { name: 'Siguientes »' }).click();
    expect(await page.locator('tbody tr').count()).toBe(21);
    expect(await page.getByRole('link', { name: 'Siguientes »' }).count()).toBe(0);

    await page.goto(`${base}/admin/payments?order=OC-7`);
    await page.locator('tbody tr a').first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('orden OC-7');
    expect(await page.getByText('PT7', { exact: true }).count()).toBe(1);
    await screenshot(page, '08-payment');
    await page.goto(`${base}/admin/merchants/sbx_nope`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('No encontrado');
    await screenshot(page, '09-not-found');
  });
});
