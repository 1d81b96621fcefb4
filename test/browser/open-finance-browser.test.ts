import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FunnelHarness, ledger, newSession, startFunnelHarness } from '../support/funnel-harness.ts';

/**
 * Open finance in real Chromium: Puente's "Continuar en {banco}" page, the model bank's own login and
 * consent pages, back to Puente's callback, on to the merchant with the JWT. The gateway's public URL in
 * the harness is `http://pay.puente.test` (the bank sends the payer back there): Chromium resolves it to
 * the harness's listening gateway.
 */
type Browser = Awaited<ReturnType<typeof chromium.launch>>;

/** As `test/support/launch-chromium.ts` (Debian's Chromium, headless), with extra switches. */
function launchChromium(extra: string[]): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      ...extra,
    ],
  });
}
let harness: FunnelHarness;
let browser: Browser;
let shop: Server;
let shopUrl = '';

beforeAll(async () => {
  shop = createServer((_request, response) => response.end('<h1>Tienda</h1>'));
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  harness = await startFunnelHarness(
    { PUENTE_OPEN_FINANCE_BANKS: 'cl_bch' },
    { completedUrl: `${shopUrl}/ok`, cancellationUrl: `${shopUrl}/cancel` },
  );
  // The bank sends the payer back to the gateway's public URL: in this browser, that name is the harness.
  const { host } = new URL(harness.baseUrl);
  browser = await launchChromium([`--host-resolver-rules=MAP pay.puente.test:80 ${host}`]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await harness?.close();
  shop?.close();
});

it('Banco de Chile: authorised at the bank’s own pages, back to the shop with the JWT, paid once', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-CL' });
  const page = await context.newPage();
  const session = await newSession(harness);
  await page.goto(`${harness.baseUrl}${session.path}`);
  await page.getByRole('button', { name: 'Banco de Chile / Edwards', exact: true }).click();
  await page.getByRole('heading', { name: 'Autoriza el pago en Banco de Chile / Edwards' }).waitFor();
  await page.getByRole('button', { name: 'Continuar en Banco de Chile / Edwards' }).click();

  // At the bank: its origin, its name, its look; the password is typed here only.
  await page.waitForURL((url) => url.href.startsWith(`${harness.simulator.url}/banks/cl_bch/open-finance/`));
  await page.getByRole('heading', { name: 'Ingresa a Banco de Chile / Edwards' }).waitFor();
  expect(await page.locator('body').getAttribute('class')).toContain('bank-cl_bch');
  expect(await page.locator('[data-amount]').textContent()).toBe('$15.990');
  await page.getByLabel('RUT').fill('11.111.111-1');
  await page.getByLabel(/^Clave/).fill('1234');
  await page.getByRole('button', { name: /^Ingresar/ }).click();
  await page.getByRole('heading', { name: 'Autorizar pago' }).waitFor();
  await page.getByRole('button', { name: /^Autorizar/ }).click();

  await page.waitForURL((url) => url.href.startsWith(`${shopUrl}/ok?jwt=`), { timeout: 15_000 });
  const moved = (await ledger(harness.simulator)).filter((entry) => entry.description === session.orderId);
  expect(moved).toHaveLength(1);
  await context.close();
});
