import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { buildApp } from '../../src/http/app.ts';
import { createOperator } from '../../src/use-cases/operators/create-operator.ts';
import { OPERATOR_PASSWORD } from '../support/admin.ts';
import { audit, report, type Violation } from '../support/axe.ts';
import { launchChromium, listenOnLoopback, screenshot } from '../support/browser.ts';
import { createTestServices } from '../support/services.ts';
import { TestAuthenticator } from '../support/totp.ts';

const EMAIL = 'segura@puente.test';
let services: Services;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  base = await listenOnLoopback(app);
  await createOperator(services, { email: EMAIL, password: OPERATOR_PASSWORD });
  browser = await launchChromium();
  // The back-office follows the browser's language: this test reads its Spanish.
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await services?.close();
});

async function logIn(): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Correo').fill(EMAIL);
  await page.getByLabel('Contraseña').fill(OPERATOR_PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

describe('operator second factor in Chromium', () => {
  it('enrols from the QR page, then logs in with a code from the app', async () => {
    const found: Violation[] = [];
    await logIn();
    await page.waitForURL(`${base}/admin`);
    await page.getByRole('link', { name: EMAIL }).click();
    await page.waitForURL(`${base}/admin/security`);
    await expect(page.getByRole('img', { name: /Código QR/ }).count()).resolves.toBe(1);
    await audit(page, 'admin-security-enrol', found);
    // What someone who cannot scan types into the app: the secret as text.
    const authenticator = new TestAuthenticator((await page.locator('#totp-secret').textContent()) ?? '');
    await page.getByLabel('Código de 6 dígitos que muestra la aplicación').fill(await authenticator.code());
    await page.getByRole('button', { name: 'Activar' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Segundo factor activado',
    );
    await expect(page.locator('#recovery-codes li').count()).resolves.toBe(10);
    await audit(page, 'admin-recovery-codes', found);
    await page.getByRole('link', { name: 'Continuar al panel' }).click();
    await page.waitForURL(`${base}/admin`);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.waitForURL(`${base}/admin/login`);

    await logIn();
    await page.waitForURL(`${base}/admin/login/second-factor`);
    await page.goto(`${base}/admin/payments`);
    expect(new URL(page.url()).pathname).toBe('/admin/login/second-factor');
    await audit(page, 'admin-second-factor', found);
    await page.getByLabel('Código').fill('000000');
    await page.getByRole('button', { name: 'Verificar' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Código incorrecto o ya usado');
    await audit(page, 'admin-second-factor-refused', found);
    await page.getByLabel('Código').fill(await authenticator.code());
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.waitForURL(`${base}/admin`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Hoy/);
    await page.getByRole('link', { name: EMAIL }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Tu segundo factor está activo');
    await screenshot(page, 'admin-security-enrolled');
    expect(report(found)).toBe('');
  }, 180_000);
});
