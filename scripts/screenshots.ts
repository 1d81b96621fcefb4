/**
 * `npm run screenshots`: refreshes the pictures in docs/images from a real sandbox. It starts `puente serve`
 * (embedded database in a temporary folder, bank simulator, demo merchant, demo shop), drives Chromium
 * through the funnel (every step; one bank of each second factor: code, coordinate card, app approval, none,
 * and an open-finance bank), the back-office (in Spanish, and two pages in English) and the demo shop, and
 * writes a viewport screenshot of each page at 1280 px (`-desktop`) and 390 px (`-phone`).
 *
 *   npm run screenshots                  # every picture
 *   npm run screenshots -- funnel        # one group: funnel, back-office or demo-shop
 *
 * The pictures are committed; look at them after a change to any page.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { openServices } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import { createOperator } from '../src/use-cases/operators/create-operator.ts';
import { launchChromium } from '../test/support/launch-chromium.ts';
import { freePort, runPuente, waitUntilServing } from '../test/support/puente-process.ts';
import { TEST_SECRET_KEY } from '../test/support/services.ts';

const IMAGES = join(import.meta.dirname, '../docs/images');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const OPERATOR = { email: 'ops@puente.example', password: 'una clave larga para capturas' };
const GROUPS = ['funnel', 'back-office', 'demo-shop'] as const;
type Group = (typeof GROUPS)[number];

/**
 * A screenshot of the page at both widths, scrolled to `focus` when given; the page's own refreshes are
 * held meanwhile.
 */
async function capture(page: Page, group: Group, name: string, focus?: string): Promise<void> {
  await page.waitForLoadState('load');
  const hold = (route: Route) =>
    route.request().isNavigationRequest() ? route.abort('aborted') : route.fallback();
  await page.route('**/*', hold);
  try {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      if (focus) await page.locator(focus).evaluate((element) => element.scrollIntoView());
      const path = join(IMAGES, group, `${name}-${viewport.name}.png`);
      await page.screenshot({ path });
      console.log(`  ${group}/${name}-${viewport.name}.png`);
    }
    await page.setViewportSize(VIEWPORTS[0]);
  } finally {
    await page.unroute('**/*', hold);
  }
}

/** A navigation, tried again when a waiting page's own refresh cut in. */
async function go(page: Page, url: string): Promise<void> {
  try {
    await page.goto(url);
  } catch (error) {
    if (!String(error).includes('ERR_ABORTED')) throw error;
    await page.goto(url);
  }
}

interface Sandbox {
  base: string;
  shop: string;
  merchant: { code: string; token: string };
  /** A webhook URL where nothing listens. */
  receiverDown: string;
}

/** A payment session of a merchant, through the merchant API; returns its payment URL. */
async function newPayment(sandbox: Sandbox, merchant: Sandbox['merchant'], amount = 24_990): Promise<string> {
  const response = await fetch(`${sandbox.base}/session/initialize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      merchant_code: merchant.code,
      merchant_api_token: merchant.token,
      merchant_order_id: `OC-${Date.now().toString(36).toUpperCase()}`,
      order_amount: amount,
      customer_email: 'compras@example.cl',
    }),
  });
  if (!response.ok) throw new Error(`session/initialize: ${response.status} ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return `${sandbox.base}/session/${token}`;
}

async function logIn(page: Page, bank: string, rut: string, password = '1234'): Promise<void> {
  await page.locator(`button[name="bank"][value="${bank}"]`).click();
  await page.getByLabel('RUT').fill(rut);
  await page.getByLabel('Clave', { exact: false }).fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForLoadState('load');
}

async function funnel(page: Page, sandbox: Sandbox): Promise<void> {
  // A code bank, all the way: bank choice, login, a wrong password, the code, three accounts, confirmation.
  await go(page, await newPayment(sandbox, sandbox.merchant));
  await capture(page, 'funnel', '01-bank-choice');
  await page.locator('button[name="bank"][value="cl_santander"]').click();
  await capture(page, 'funnel', '02-bank-login');
  await page.getByLabel('RUT').fill('77.777.777-7');
  await page.getByLabel('Clave', { exact: false }).fill('0000');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await capture(page, 'funnel', '03-bank-login-wrong-password');
  await page.getByLabel('Clave', { exact: false }).fill('1234');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await capture(page, 'funnel', '04-second-factor-code');
  await page.getByLabel('Código').fill('123456');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await capture(page, 'funnel', '07-account-choice');
  await page.locator('button[name="account"]').first().click();
  await capture(page, 'funnel', '08-confirmation');
  await page.locator('form[action*="/approve"] button').click();
  await page.waitForURL((url) => url.pathname.endsWith('/result'));
  await capture(page, 'funnel', '10-result-success');

  // A coordinate card, then a transfer the bank confirms later.
  await go(page, await newPayment(sandbox, sandbox.merchant));
  await logIn(page, 'cl_bch', '55.555.555-5');
  await capture(page, 'funnel', '05-second-factor-coordinates');
  for (const [index, value] of ['11', '22', '33'].entries())
    await page
      .getByLabel(/^Coordenada/)
      .nth(index)
      .fill(value);
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.locator('form[action*="/approve"] button').click();
  await page.waitForURL((url) => /\/session\/[^/]+$/.test(url.pathname));
  await capture(page, 'funnel', '09-transferring');

  // Approval in the bank's app (the simulator is told never to approve, so the waiting page stays).
  await go(page, await newPayment(sandbox, sandbox.merchant));
  await logIn(page, 'cl_estado', '11.111.111-1');
  await capture(page, 'funnel', '06-second-factor-app');

  // The bank refuses the transfer (no funds), with a bank that asks no second factor.
  await go(page, await newPayment(sandbox, sandbox.merchant));
  await logIn(page, 'cl_test', '22.222.222-2');
  await page.locator('form[action*="/approve"] button').click();
  await page.locator('.notice').first().waitFor();
  await capture(page, 'funnel', '11-attempt-failed');

  // An open-finance bank: the payer authorises at the bank's own site.
  await go(page, await newPayment(sandbox, sandbox.merchant));
  await page.locator('button[name="bank"][value="cl_scotiabank"]').click();
  await capture(page, 'funnel', '12-continue-at-bank');

  // Cancelled; then the same link again, and a link that was never valid.
  const cancelled = await newPayment(sandbox, sandbox.merchant);
  await go(page, cancelled);
  await page.locator('form[action*="/cancel"] button').click();
  await capture(page, 'funnel', '13-result-cancelled');
  await go(page, cancelled);
  await capture(page, 'funnel', '14-finished');
  await go(page, `${sandbox.base}/session/no-such-session`);
  await capture(page, 'funnel', '15-not-found');
  await go(page, `${await newPayment(sandbox, sandbox.merchant)}?lang=en`);
  await capture(page, 'funnel', '16-bank-choice-english');
}

async function backOffice(page: Page, sandbox: Sandbox): Promise<void> {
  await go(page, `${sandbox.base}/admin/login`);
  await capture(page, 'back-office', '01-login');
  await page.getByLabel('Correo').fill(OPERATOR.email);
  await page.getByLabel('Contraseña').fill(OPERATOR.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(`${sandbox.base}/admin`);

  // A merchant whose webhook receiver is down, made here; then a paid order of it, with a timeline.
  await go(page, `${sandbox.base}/admin/merchants/new`);
  await page.getByLabel('Nombre (visible para el pagador)').fill('Librería Andes');
  await page.getByLabel('Monto máximo por pago (pesos)').fill('2000000');
  await page.getByLabel('URL del webhook').fill(sandbox.receiverDown);
  await page.getByLabel('Un solo pago por orden').check();
  await capture(page, 'back-office', '06-merchant-new');
  await page.getByRole('button', { name: 'Crear comercio' }).click();
  await capture(page, 'back-office', '07-merchant-created');
  const merchant = {
    code: (await page.locator('#merchant-code').textContent()) ?? '',
    token: (await page.locator('#merchant-api-token').textContent()) ?? '',
  };
  await go(page, await newPayment(sandbox, merchant, 129_900));
  await logIn(page, 'cl_falabella', '12.345.678-5');
  await page.getByLabel('Código').fill('123456');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.locator('form[action*="/approve"] button').click();
  await page.waitForURL((url) => url.pathname.endsWith('/result'));
  // The webhook worker tries the receiver once before the pages are taken.
  await page.waitForTimeout(3000);

  await go(page, `${sandbox.base}/admin`);
  await capture(page, 'back-office', '02-dashboard');
  await go(page, `${sandbox.base}/admin/payments`);
  await capture(page, 'back-office', '03-payments');
  await page.locator('tbody a').first().click();
  await capture(page, 'back-office', '04-payment');
  await capture(page, 'back-office', '05-payment-timeline', '#timeline-title');
  const payment = page.url();
  await go(page, `${sandbox.base}/admin/merchants`);
  await capture(page, 'back-office', '08-merchants');
  await go(page, `${sandbox.base}/admin/deliveries`);
  await capture(page, 'back-office', '09-deliveries');
  await go(page, `${sandbox.base}/admin/audit`);
  await capture(page, 'back-office', '10-audit');
  // The switch in the header: the same pages in English.
  await page.getByRole('link', { name: 'English' }).click();
  await go(page, `${sandbox.base}/admin`);
  await capture(page, 'back-office', '11-dashboard-english');
  await go(page, payment);
  await capture(page, 'back-office', '12-payment-english');
}

async function demoShop(browser: Browser, page: Page, sandbox: Sandbox): Promise<void> {
  await go(page, sandbox.shop);
  await capture(page, 'demo-shop', '01-catalogue');
  await go(page, `${sandbox.shop}/producto/tetera-pomaire`);
  await page.getByRole('button', { name: /Banco de Pruebas/ }).waitFor();
  await capture(page, 'demo-shop', '02-product');
  await page.getByRole('button', { name: /Banco de Pruebas/ }).click();
  await page.waitForURL(`${sandbox.base}/session/**`);
  await page.getByLabel('RUT').fill('11.111.111-1');
  await page.getByLabel('Clave', { exact: false }).fill('1234');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.locator('form[action*="/approve"] button').click();
  await page.waitForURL(`${sandbox.shop}/**`);
  // The webhook confirms the order a moment later; the page says so once it has.
  for (let tries = 0; tries < 20 && !(await page.getByText(/pagad|confirmad/i).count()); tries++) {
    await page.waitForTimeout(500);
    await page.reload();
  }
  await capture(page, 'demo-shop', '03-success');
  await go(page, `${sandbox.shop}/pedidos`);
  await capture(page, 'demo-shop', '04-orders');
  // The widget: the payment in a modal over the shop's page.
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'es-CL' });
  try {
    const widget = await context.newPage();
    await go(widget, `${sandbox.shop}/producto/tetera-pomaire`);
    await widget.getByRole('button', { name: 'Pagar sin salir de la tienda' }).click();
    const frame = widget.frameLocator('iframe');
    await frame.getByRole('button', { name: 'Banco de Pruebas', exact: true }).click();
    await frame.getByLabel('RUT').fill('11.111.111-1');
    await capture(widget, 'demo-shop', '05-widget');
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const only = process.argv
    .slice(2)
    .filter((arg): arg is Group => (GROUPS as readonly string[]).includes(arg));
  const groups = only.length > 0 ? only : [...GROUPS];
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-screenshots-'));
  const [port, simulatorPort, shopPort, closedPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // `localhost`: a secure origin for the browser, so the back-office's Secure cookies are kept over http.
  const base = `http://localhost:${port}`;
  const env = {
    PUENTE_DATA_DIR: dataDir,
    PORT: String(port),
    PUENTE_API_URL: base,
    PUENTE_PAYMENT_URL: base,
    PUENTE_BANK_SIM_PORT: String(simulatorPort),
    // The app never approves and a pending transfer stays pending: their waiting pages stay to be seen.
    PUENTE_BANK_SIM_APPROVAL_DELAY_MS: '600000',
    PUENTE_BANK_SIM_PENDING_DELAY_MS: '600000',
    PUENTE_OPEN_FINANCE_BANKS: 'cl_scotiabank',
    PUENTE_DEMO_MERCHANT: 'true',
    PUENTE_DEMO_SHOP_PORT: String(shopPort),
    PUENTE_DEMO_SHOP_URL: `http://localhost:${shopPort}`,
    LOG_LEVEL: 'warn',
  };

  // The operator goes into the database before the gateway opens it (and, finding no merchant, makes
  // the demo merchant).
  const services = await openServices(
    loadConfig({ ...env, PUENTE_ENV: 'sandbox', PUENTE_SECRET_KEY: TEST_SECRET_KEY }),
  );
  try {
    await createOperator(services, OPERATOR);
  } finally {
    await services.close();
  }

  const gateway = runPuente(['serve'], env);
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  try {
    await waitUntilServing(base, gateway.output);
    // The demo merchant and the shop come up just after the gateway listens.
    await waitUntilServing(env.PUENTE_DEMO_SHOP_URL, gateway.output, '/assets/shop.css');
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo-merchant.json'), 'utf8')) as {
      merchant_code: string;
      merchant_api_token: string;
    };
    const sandbox: Sandbox = {
      base,
      shop: env.PUENTE_DEMO_SHOP_URL,
      merchant: { code: demo.merchant_code, token: demo.merchant_api_token },
      receiverDown: `http://127.0.0.1:${closedPort}/webhooks/puente`,
    };
    for (const group of groups) mkdirSync(join(IMAGES, group), { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORTS[0], locale: 'es-CL' });
    const page = await context.newPage();
    if (groups.includes('funnel')) await funnel(page, sandbox);
    if (groups.includes('back-office')) await backOffice(page, sandbox);
    if (groups.includes('demo-shop')) await demoShop(browser, page, sandbox);
  } catch (error) {
    console.error(gateway.output.join(''));
    throw error;
  } finally {
    await context?.close();
    await browser?.close();
    gateway.child.kill('SIGTERM');
    await gateway.exited();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
