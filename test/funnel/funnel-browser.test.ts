import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BANKS } from '../../src/domain/banks.ts';
import {
  type FunnelHarness,
  ledger,
  newSession,
  paysOrder,
  startFunnelHarness,
} from '../support/funnel-harness.ts';
import { launchChromium } from '../support/launch-chromium.ts';

/**
 * The funnel in real Chromium (Debian's), as a payer on a phone: every bank, every test payer. Set
 * PUENTE_SCREENSHOTS=<folder> to keep a screenshot of every page visited.
 */
let harness: FunnelHarness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const screenshots = process.env.PUENTE_SCREENSHOTS;
let shot = 0;
// The merchant's site: a loopback server, so redirects (also those of meta refresh) really land somewhere.
let shop: Server;
let shopUrl = '';
const landed = (path: 'ok' | 'cancel') => (url: URL) => url.href.startsWith(`${shopUrl}/${path}?jwt=`);

beforeAll(async () => {
  shop = createServer((_request, response) => response.end('<h1>Tienda</h1>'));
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  harness = await startFunnelHarness(
    {},
    { completedUrl: `${shopUrl}/ok`, cancellationUrl: `${shopUrl}/cancel` },
  );
  browser = await launchChromium();
  if (screenshots) mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
  shop?.close();
});
beforeEach(async () => {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-CL' });
  page = await context.newPage();
});

async function snap(name: string) {
  if (screenshots)
    await page.screenshot({
      path: `${screenshots}/${String(++shot).padStart(2, '0')}-${name}.png`,
      fullPage: true,
    });
}

const bankName = (code: string) => BANKS.find((bank) => bank.code === code)?.name ?? code;

/** From the summary page to the confirmation page, answering whatever the bank asks. */
async function payUntilConfirmation(
  bank: string,
  rut: string,
  options: { accountIndex?: number; password?: string } = {},
) {
  await page.getByRole('button', { name: bankName(bank), exact: true }).click();
  await snap(`${bank}-login`);
  await page.getByLabel('RUT').fill(rut);
  await page.getByLabel('Clave').fill(options.password ?? '1234');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await answerSecondFactor(bank);
  if (await page.getByRole('heading', { name: 'Elige la cuenta de origen' }).isVisible()) {
    await snap(`${bank}-accounts`);
    await page
      .locator('button[name="account"]')
      .nth(options.accountIndex ?? 0)
      .click();
  }
}

async function answerSecondFactor(bank: string) {
  if (await page.getByLabel('Código').isVisible()) {
    await snap(`${bank}-code`);
    await page.getByLabel('Código').fill('123456');
    await page.getByRole('button', { name: 'Continuar' }).click();
  } else if (
    await page
      .getByLabel(/^Coordenada/)
      .first()
      .isVisible()
  ) {
    await snap(`${bank}-coordinates`);
    const values = ['11', '22', '33'];
    for (const [index, value] of values.entries())
      await page
        .getByLabel(/^Coordenada/)
        .nth(index)
        .fill(value);
    await page.getByRole('button', { name: 'Continuar' }).click();
  } else if (await page.getByRole('button', { name: 'Ya aprobé en la app' }).isVisible()) {
    await snap(`${bank}-app`);
    // The page refreshes itself until the bank sees the approval; no click needed.
    await page.waitForURL((url) => !url.pathname.endsWith('second-factor'), { timeout: 5_000 });
    await page.waitForFunction(() => !document.body.textContent?.includes('Abre la app'), undefined, {
      timeout: 10_000,
    });
  }
}

async function open(overrides: Parameters<typeof newSession>[1] = {}) {
  const session = await newSession(harness, overrides);
  await page.goto(`${harness.baseUrl}${session.path}`);
  return session;
}

async function moved(orderId: string) {
  return (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, orderId));
}

describe('in Chromium', () => {
  it.each(BANKS.map((bank) => bank.code))('pays through %s', async (bank) => {
    const session = await open();
    if (bank === 'cl_estado') await snap('summary');
    await payUntilConfirmation(bank, '11.111.111-1');
    await expect
      .poll(() => page.locator('.confirm').textContent())
      .toMatch(/^Transferir \$15\.990 desde cuenta ···\d{4} a Tienda de Prueba$/);
    await snap(`${bank}-confirmation`);
    await page.getByRole('button', { name: 'Aprobar' }).click();
    await page.waitForURL(landed('ok'));
    expect(await moved(session.orderId)).toHaveLength(1);
  });

  it.each([
    ['22.222.222-2', 'La cuenta no tiene saldo suficiente.'],
    ['66.666.666-6', 'El banco rechazó la transferencia.'],
    ['99.999.999-9', 'El monto supera tu límite diario de transferencias.'],
  ])('%s: the bank refuses the transfer, the payer is told why and can go back', async (rut, why) => {
    const session = await open();
    await payUntilConfirmation('cl_itau', rut);
    await page.getByRole('button', { name: 'Aprobar' }).click();
    await expect.poll(() => page.locator('p.notice').textContent()).toBe(why);
    await expect.poll(() => page.getByRole('heading', { name: 'Elegir otro banco' }).count()).toBe(1);
    await snap(`transfer-refused-${rut}`);
    await page.getByRole('button', { name: 'Cancelar pago' }).click();
    await page.waitForURL(landed('cancel'));
    expect(await moved(session.orderId)).toHaveLength(0);
  });

  it.each([
    ['33.333.333-3', 'cl_bch', 'Tu cuenta está bloqueada.'],
    ['44.444.444-4', 'cl_santander', 'La verificación fue rechazada.'],
    ['88.888.888-8', 'cl_scotiabank', 'El banco no está disponible en este momento.'],
  ])('%s at %s: the attempt fails and another bank pays', async (rut, bank, why) => {
    const session = await open();
    await payUntilConfirmation(bank, rut).catch(() => {});
    await expect.poll(() => page.locator('p.notice').textContent()).toBe(why);
    await snap(`attempt-failed-${rut}`);
    await payUntilConfirmation('cl_falabella', '11.111.111-1');
    await page.getByRole('button', { name: 'Aprobar' }).click();
    await page.waitForURL(landed('ok'));
    expect(await moved(session.orderId)).toHaveLength(1);
  });

  it('55.555.555-5: pending, then confirmed, without JavaScript help', async () => {
    const session = await open();
    await payUntilConfirmation('cl_estado', '55.555.555-5');
    await page.getByRole('button', { name: 'Aprobar' }).click();
    await snap('transferring');
    await page.waitForURL(landed('ok'), { timeout: 15_000 });
    expect(await moved(session.orderId)).toHaveLength(1);
  });

  it('77.777.777-7: picks the third of three accounts', async () => {
    const session = await open();
    await payUntilConfirmation('cl_bci', '77.777.777-7', { accountIndex: 2 });
    await page.getByRole('button', { name: 'Aprobar' }).click();
    await page.waitForURL(landed('ok'));
    expect(await moved(session.orderId)).toHaveLength(1);
  });

  it('three wrong passwords end the payment', async () => {
    const session = await open();
    await page.getByRole('button', { name: 'Banco de Pruebas', exact: true }).click();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.getByLabel('RUT').fill('11.111.111-1');
      await page.getByLabel('Clave').fill('0000');
      await page.getByRole('button', { name: 'Ingresar' }).click();
      if (attempt === 1) await snap('wrong-password');
    }
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('demasiadas veces');
    expect(await moved(session.orderId)).toHaveLength(0);
  });

  it('a locked RUT is prefilled and read-only; the bank was chosen by the merchant; English works', async () => {
    const session = await newSession(harness, {
      userBankCode: 'cl_bch',
      userRut: '11111111-1',
      isRutBlock: true,
    });
    await page.goto(`${harness.baseUrl}${session.path}?lang=en`);
    await expect.poll(() => page.getByLabel('RUT').inputValue()).toBe('11.111.111-1');
    expect(await page.getByLabel('RUT').getAttribute('readonly')).not.toBeNull();
    await snap('login-locked-rut-en');
    await page.getByLabel('Password').fill('1234');
    await page.getByRole('button', { name: 'Log in' }).click();
    for (const [index, value] of ['11', '22', '33'].entries())
      await page
        .getByLabel(/^Coordinate/)
        .nth(index)
        .fill(value);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(() => page.locator('.confirm').textContent())
      .toContain('Transfer $15.990 from account');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(landed('ok'));
  });

  it('cancel at the confirmation goes back to the merchant with nothing moved', async () => {
    const session = await open();
    await payUntilConfirmation('cl_test', '11.111.111-1');
    await page.getByRole('button', { name: 'Cancelar' }).click();
    await page.waitForURL(landed('cancel'));
    expect(await moved(session.orderId)).toHaveLength(0);
    await page.goto(`${harness.baseUrl}${session.path}`);
    await snap('finished');
    expect(await page.getByRole('heading').first().textContent()).toBe('Este pago ya terminó');
  });

  it('shows the expired page', async () => {
    const session = await newSession(harness);
    await harness.services.db.query(
      "update payment_sessions set expires_at = now() - interval '1 second' where token = $1",
      [session.token],
    );
    await page.goto(`${harness.baseUrl}${session.path}`);
    await snap('expired');
    expect(await page.getByRole('heading').first().textContent()).toBe('La sesión de pago expiró');
  });

  it('shows the result itself when the merchant gave no URL', async () => {
    const session = await newSession(harness);
    await harness.services.db.query(
      'update payment_sessions set completed_url = null, cancellation_url = null where token = $1',
      [session.token],
    );
    await page.goto(`${harness.baseUrl}${session.path}`);
    await payUntilConfirmation('cl_test', '11.111.111-1');
    await page.getByRole('button', { name: 'Aprobar' }).click();
    await expect.poll(() => page.getByRole('heading').first().textContent()).toBe('Pago exitoso');
    await snap('result-success');
  });
});
