import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
 * Open finance in real Chromium, for every simulated bank: Puente's "Continuar en {banco}" page, the model
 * bank's own login and consent pages, back to Puente's callback, on to the merchant with the JWT. The
 * gateway's public URL in the harness is `http://pay.puente.test` (the bank sends the payer back there):
 * Chromium resolves it to the harness's listening gateway. One browser, a new context per bank.
 */
let harness: FunnelHarness;
let browser: Browser;
let shop: Server;
let shopUrl = '';

beforeAll(async () => {
  shop = createServer((_request, response) => response.end('<h1>Tienda</h1>'));
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  harness = await startFunnelHarness(
    { PUENTE_OPEN_FINANCE_BANKS: 'all' },
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

it.each(BANKS.map((bank) => [bank.name, bank.code] as const))(
  '%s: authorised at the bank’s own pages, back to the shop with a JWT that verifies, paid and notified once',
  { timeout: 60_000 },
  async (name, code) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-CL' });
    const page = await context.newPage();
    const session = await newSession(harness);
    await page.goto(`${harness.baseUrl}${session.path}`);
    await page.getByRole('button', { name, exact: true }).click();
    await page.getByRole('heading', { name: `Autoriza el pago en ${name}` }).waitFor();
    await page.getByRole('button', { name: `Continuar en ${name}` }).click();

    // At the bank: its origin, its name, its look; the password is typed here only.
    await page.waitForURL((url) =>
      url.href.startsWith(`${harness.simulator.url}/banks/${code}/open-finance/`),
    );
    await page.getByRole('heading', { name: `Ingresa a ${name}` }).waitFor();
    expect(await page.locator('body').getAttribute('class')).toContain(`bank-${code}`);
    expect(await page.locator('[data-amount]').textContent()).toBe('$15.990');
    await page.getByLabel('RUT').fill('11.111.111-1');
    await page.getByLabel(/^Clave/).fill('1234');
    await page.getByRole('button', { name: /^Ingresar/ }).click();
    await page.getByRole('heading', { name: 'Autorizar pago' }).waitFor();
    await page.getByRole('button', { name: /^Autorizar/ }).click();

    await page.waitForURL((url) => url.href.startsWith(`${shopUrl}/ok?jwt=`), { timeout: 20_000 });
    const key = new TextEncoder().encode(session.signatureToken);
    const { payload } = await jwtVerify(new URL(page.url()).searchParams.get('jwt') as string, key);
    expect(payload).toMatchObject({
      session_token: session.token,
      merchant_order_id: session.orderId,
      order_amount: 15_990,
      payment_status: 'success',
      payment_step: 'transfer_confirmed',
      user_bank_code: code,
    });
    const moved = (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, session.orderId));
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({
      debit_bank: code,
      bank: 'cl_test',
      amount: 15_990,
      idempotency_key: payload.payment_token,
    });
    // The webhook is today's: one event, a JWT of the same payment signed with the session's key.
    const events = await harness.services.db.query<{ jwt: string }>(
      `select e.jwt from webhook_events e join payment_sessions s on s.id = e.session_id where s.token = $1`,
      [session.token],
    );
    expect(events).toHaveLength(1);
    const webhook = await jwtVerify(events[0]?.jwt as string, key);
    expect(webhook.payload).toMatchObject({
      payment_token: payload.payment_token,
      payment_status: 'success',
      payment_step: 'transfer_confirmed',
      user_bank_code: code,
    });
    await context.close();
  },
);
