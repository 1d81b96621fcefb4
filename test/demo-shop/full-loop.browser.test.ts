import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Puente } from '../../packages/sdk/src/index.ts';
import { type Services, startWebhookWorker } from '../../src/composition.ts';
import { buildDemoShop } from '../../src/demo-shop/app.ts';
import { DemoOrderStore } from '../../src/demo-shop/order-store.ts';
import { buildApp } from '../../src/http/app.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { startFunnelSweeper } from '../../src/use-cases/funnel/funnel-sweep.ts';
import { startTestBankSimulator, type TestBankSimulator } from '../support/bank-simulator.ts';
import { launchChromium } from '../support/launch-chromium.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

// The whole loop as a payer lives it, every piece real and listening on loopback: the demo shop, the
// gateway (funnel + webhook worker), the bank simulator, and Chromium.
let simulator: TestBankSimulator;
let services: Services;
let gateway: FastifyInstance;
let gatewayUrl: string;
let shop: FastifyInstance;
let shopUrl: string;
let orders: DemoOrderStore;
let stopWorker: () => Promise<void>;
let stopSweeper: () => Promise<void>;
let browser: Browser;

beforeAll(async () => {
  simulator = await startTestBankSimulator();
  services = await createTestServices({
    ...simulator.env,
    PUENTE_WEBHOOK_RETRY_SCHEDULE: '0,1s,2s',
    PUENTE_WEBHOOK_POLL_MS: '50',
    PUENTE_TRANSFER_RECHECK_SECONDS: '0.2',
  });
  gateway = await buildApp(services, { logger: false });
  gatewayUrl = (await gateway.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  services.config.PUENTE_API_URL = gatewayUrl;
  services.config.PUENTE_PAYMENT_URL = gatewayUrl;
  stopWorker = await startWebhookWorker(services);
  stopSweeper = startFunnelSweeper(funnelDeps(services), 0.1, (error) => {
    throw error;
  });
  // The shop must know its own public URL (for its redirect and webhook URLs) before it listens, and the
  // merchant registers it as a frame origin for the widget.
  const port = await freePort();
  shopUrl = `http://127.0.0.1:${port}`;
  const merchant = await createTestMerchant(services, {
    completedUrl: null,
    cancellationUrl: null,
    webhookUrl: null,
    frameOrigins: [shopUrl],
  });

  orders = new DemoOrderStore();
  const puente = new Puente({
    apiUrl: gatewayUrl,
    merchantCode: merchant.merchant.code,
    apiToken: merchant.apiToken,
  });
  shop = await buildDemoShop({
    puente,
    orders,
    publicUrl: shopUrl,
    gatewayPaymentUrl: gatewayUrl,
    environment: 'sandbox',
  });
  await shop.listen({ port, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
  await stopSweeper?.();
  await stopWorker?.();
  await gateway?.close();
  await services?.close();
  await simulator?.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Walks the funnel like a payer: fills the labelled fields, presses the main button of each step. */
async function payAtTheBank(page: Page, rut: string): Promise<void> {
  for (let step = 0; step < 40 && !page.url().startsWith(shopUrl); step++) {
    const url = page.url();
    const form = (action: string) => page.locator(`form[action*="/${action}"]`);
    if ((await form('login').count()) > 0) {
      await page.getByLabel('RUT').fill(rut);
      await page.getByLabel('Clave').fill('1234');
      await form('login').locator('button[type="submit"]').first().click();
    } else if ((await form('account').count()) > 0) {
      await form('account').locator('input[name="account"]').first().check();
      await form('account').locator('button[type="submit"]').first().click();
    } else if ((await form('approve').count()) > 0) {
      await form('approve').locator('button[type="submit"]').first().click();
    } else if ((await form('second-factor').count()) > 0) {
      await form('second-factor').locator('button[type="submit"]').first().click();
    }
    // Either the click navigated, or the page (transfer in progress, app approval) refreshes itself.
    await page.waitForURL((next) => next.href !== url, { timeout: 15_000 }).catch(() => {});
    await page.waitForLoadState('load');
  }
}

describe('bank button in the demo shop → funnel → back to the shop → paid by the webhook', () => {
  it('pays a teapot with Banco de Pruebas', async () => {
    const page = await browser.newPage();
    await page.goto(`${shopUrl}/producto/tetera-pomaire`);
    await page.getByRole('button', { name: /Banco de Pruebas/ }).click();
    await page.waitForURL(`${gatewayUrl}/session/**`);
    await page.screenshot({ path: 'test-results/kit/loop-1-funnel.png', fullPage: true });

    await payAtTheBank(page, '11.111.111-1');
    expect(page.url()).toMatch(new RegExp(`^${shopUrl}/pago/exito\\?jwt=`));

    // The success page verified the redirect's JWT; it reloads itself until the webhook has marked the order paid.
    await page.getByText('Tu pago fue confirmado').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: 'test-results/kit/loop-2-success.png', fullPage: true });
    const [order] = orders.list();
    expect(order).toMatchObject({
      productId: 'tetera-pomaire',
      amount: 15_990,
      status: 'paid',
      bankCode: 'cl_test',
    });
    expect(order?.events.map((event) => `${event.source}:${event.paymentStatus}`)).toContain(
      'webhook:success',
    );

    // The money moved exactly once in the simulator's ledger.
    const entries = (await simulator.ledger('cl_test')).filter((entry) => entry.amount === 15_990);
    expect(entries).toHaveLength(1);

    await page.goto(`${shopUrl}/pedidos`);
    await expect(page.locator(`tr[id="${order?.id}"]`).textContent()).resolves.toContain('Pagado');
    await page.screenshot({ path: 'test-results/kit/loop-3-orders.png', fullPage: true });
  });

  it('comes back to the cancel page when the payer cancels at the bank, and the order says so', async () => {
    const page = await browser.newPage();
    await page.goto(`${shopUrl}/producto/cafe-grano`);
    await page.getByRole('button', { name: 'Banco de Pruebas' }).click();
    await page.waitForURL(`${gatewayUrl}/session/**`);
    await page.getByRole('button', { name: 'Cancelar pago' }).click();
    await page.waitForURL(`${shopUrl}/**`);
    expect(page.url()).toMatch(new RegExp(`^${shopUrl}/pago/cancelado\\?jwt=`));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'El pago no se completó',
    );
    const order = orders.list().find((candidate) => candidate.productId === 'cafe-grano');
    expect(order?.status).toBe('cancelled');
  });

  it('pays without leaving the shop: the widget, then the order state from the verified callback JWT', async () => {
    // Tall enough for the whole login step in the modal (the screenshot of docs/merchant-kit.md).
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${shopUrl}/producto/tetera-pomaire`);
    await page.getByRole('button', { name: 'Pagar sin salir de la tienda' }).click();
    const frame = page.frameLocator('iframe[title="Página de pago de Puente"]');
    await frame.getByRole('button', { name: 'Banco de Pruebas', exact: true }).click();
    await frame.getByLabel('RUT').fill('11.111.111-1');
    await frame.getByLabel('Clave').fill('1234');
    await page.screenshot({ path: 'test-results/kit/widget-1-login.png' });
    await frame.getByRole('button', { name: 'Ingresar' }).click();
    await frame.getByRole('button', { name: 'Aprobar' }).click();

    // The shop's server verified the JWT of onSuccess and answered the order's state; the page stayed put.
    await page.getByRole('status').getByText('¡Gracias por tu compra!').waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${shopUrl}/producto/tetera-pomaire`);
    const order = orders.list()[0];
    expect(order?.events.map((event) => `${event.source}:${event.paymentStatus}`)).toContain(
      'widget:success',
    );
    await expect.poll(() => orders.get(order?.id ?? '')?.status, { timeout: 15_000 }).toBe('paid');
    await page.screenshot({ path: 'test-results/kit/widget-2-result.png' });
  });

  it('cancels in the widget with Escape, and the order says so', async () => {
    const page = await browser.newPage();
    await page.goto(`${shopUrl}/producto/cafe-grano`);
    await page.getByRole('button', { name: 'Pagar sin salir de la tienda' }).click();
    await page.frameLocator('iframe').getByRole('heading', { name: 'Elige tu banco' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('status').getByText('El pago no se completó').waitFor({ timeout: 15_000 });
    const order = orders.list()[0];
    expect(order?.productId).toBe('cafe-grano');
    expect(order?.status).toBe('cancelled');
  });
});
