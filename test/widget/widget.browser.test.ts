import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyNotification } from '../../packages/sdk/src/index.ts';
import { type FunnelHarness, ledger, newSession, startFunnelHarness } from '../support/funnel-harness.ts';
import { launchChromium } from '../support/launch-chromium.ts';

/**
 * The widget in real Chromium: a merchant's page on another site (127.0.0.1, while the gateway is reached as
 * localhost) loads puente-widget.js, opens a payment in the modal, and gets the result through its callbacks.
 */
let harness: FunnelHarness;
let gatewayUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shop: Server;
let shopOrigin: string;
let stranger: Server;
let strangerOrigin: string;

/**
 * The merchant's page: a "Pagar" button opening the widget for `?token=`, and every callback and every
 * message the page receives written down in `window.puenteTest`.
 */
function merchantPage(): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://shop.invalid');
    if (url.pathname === '/app.js') {
      response.setHeader('content-type', 'text/javascript');
      response.end(`
        window.puenteTest = { callbacks: [], messages: [], loadedAt: performance.timeOrigin };
        window.addEventListener('message', (event) => puenteTest.messages.push({ origin: event.origin, data: event.data }));
        document.getElementById('pay').addEventListener('click', () => {
          PuenteWidget.open({
            sessionToken: new URLSearchParams(location.search).get('token'),
            lang: new URLSearchParams(location.search).get('lang') ?? undefined,
            onSuccess: (jwt) => puenteTest.callbacks.push({ name: 'onSuccess', jwt }),
            onExit: (jwt) => puenteTest.callbacks.push({ name: 'onExit', jwt }),
          });
        });`);
      return;
    }
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html lang="es-CL"><head><title>Tienda</title></head><body>
      <h1>Tienda</h1><button id="pay" type="button">Pagar</button>
      <script src="${gatewayUrl}/assets/puente-widget.js"></script><script src="/app.js"></script></body></html>`);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  shop = merchantPage();
  stranger = merchantPage();
  shopOrigin = await listen(shop);
  strangerOrigin = await listen(stranger);
  harness = await startFunnelHarness(
    {},
    {
      frameOrigins: [shopOrigin],
      completedUrl: `${shopOrigin}/ok`,
      cancellationUrl: `${shopOrigin}/cancel`,
      webhookUrl: null,
    },
  );
  // Another site than the merchant's page: the frame is a cross-site frame, as on a real shop.
  gatewayUrl = harness.baseUrl.replace('127.0.0.1', 'localhost');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
  shop?.close();
  stranger?.close();
});
beforeEach(async () => {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'es-CL' });
  page = await context.newPage();
});

type Callback = { name: 'onSuccess' | 'onExit'; jwt: string | null };

async function openWidget(origin: string): Promise<{ token: string; signatureToken: string; frame: Frame }> {
  const session = await newSession(harness);
  await page.goto(`${origin}/?token=${session.token}`);
  await page.getByRole('button', { name: 'Pagar' }).click();
  const frameElement = page.locator('iframe[title="Página de pago de Puente"]');
  await frameElement.waitFor();
  const frame = await (await frameElement.elementHandle())?.contentFrame();
  if (!frame) throw new Error('no frame');
  return { ...session, frame };
}

/**
 * Until the frame's page has said `puente:ready`, the widget takes it for a page that cannot answer, and
 * closing ends with `onExit(null)` without cancelling. A heading can show before that message arrives, so
 * a test that closes waits for it (the test's listener and the widget's hear the same message).
 */
async function frameReady(): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        window as unknown as { puenteTest: { messages: { data?: { type?: string } }[] } }
      ).puenteTest.messages.some((message) => message.data?.type === 'puente:ready'),
    undefined,
    { timeout: 20_000 },
  );
}

async function callbacks(): Promise<Callback[]> {
  return page.evaluate(
    () => (window as unknown as { puenteTest: { callbacks: Callback[] } }).puenteTest.callbacks,
  );
}

async function waitForCallback(): Promise<Callback> {
  await page.waitForFunction(
    () => (window as unknown as { puenteTest: { callbacks: unknown[] } }).puenteTest.callbacks.length > 0,
    undefined,
    { timeout: 20_000 },
  );
  const [first, ...others] = await callbacks();
  expect(others).toEqual([]);
  if (!first) throw new Error('no callback');
  return first;
}

async function sessionStatus(token: string): Promise<string | undefined> {
  return (await harness.services.funnels.load(token))?.session.paymentStatus;
}

describe('the widget on a registered origin', () => {
  it('pays inside the modal and hands the signed JWT to onSuccess, without the page navigating', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    const { token, signatureToken, frame } = await openWidget(shopOrigin);

    const dialog = page.getByRole('dialog', { name: 'Pago con transferencia' });
    await expect(dialog.getAttribute('aria-modal')).resolves.toBe('true');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('dialog');
    await expect(
      page.locator('h1', { hasText: 'Tienda' }).evaluate((h1) => h1.closest('[inert]') !== null),
    ).resolves.toBe(true);

    await frame.getByRole('button', { name: 'Banco de Pruebas', exact: true }).click();
    await frame.getByLabel('RUT').fill('11.111.111-1');
    await frame.getByLabel('Clave').fill('1234');
    await frame.getByRole('button', { name: 'Ingresar' }).click();
    await frame.getByRole('button', { name: 'Aprobar' }).click();

    const callback = await waitForCallback();
    expect(callback.name).toBe('onSuccess');
    const payment = await verifyNotification(callback.jwt, signatureToken, {
      merchantCode: harness.merchant.merchant.code,
    });
    expect(payment).toMatchObject({ sessionToken: token, paymentStatus: 'success', orderAmount: 15_990 });
    expect(await sessionStatus(token)).toBe('success');
    expect(
      (await ledger(harness.simulator)).filter((entry) => entry.amount === 15_990).length,
    ).toBeGreaterThan(0);

    // The modal is gone, focus is back on the button that opened it, and the shop's page never navigated.
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('pay');
    expect(navigations).toEqual([`${shopOrigin}/?token=${token}`]);
    // Every message the page got came from the gateway's origin.
    const messages = await page.evaluate(
      () => (window as unknown as { puenteTest: { messages: { origin: string }[] } }).puenteTest.messages,
    );
    expect(new Set(messages.map((message) => message.origin))).toEqual(new Set([new URL(gatewayUrl).origin]));
  });

  it('cancels with Escape pressed inside the frame: the session ends cancelled and onExit gets its JWT', async () => {
    const { token, signatureToken, frame } = await openWidget(shopOrigin);
    await frame.getByRole('button', { name: 'Banco de Pruebas', exact: true }).click();
    await frame.getByLabel('RUT').fill('11.111.111-1');
    await frame.getByLabel('RUT').press('Escape');

    const callback = await waitForCallback();
    expect(callback.name).toBe('onExit');
    const payment = await verifyNotification(callback.jwt, signatureToken);
    expect(payment).toMatchObject({ sessionToken: token, paymentStatus: 'cancelled' });
    expect(await sessionStatus(token)).toBe('cancelled');
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
  });

  it('cancels with Escape on the modal and with its close button', async () => {
    const first = await openWidget(shopOrigin);
    await first.frame.getByRole('heading', { name: 'Elige tu banco' }).waitFor();
    await frameReady();
    await page.keyboard.press('Escape');
    expect((await waitForCallback()).name).toBe('onExit');
    expect(await sessionStatus(first.token)).toBe('cancelled');

    await page.evaluate(() => {
      (window as unknown as { puenteTest: { callbacks: unknown[] } }).puenteTest.callbacks = [];
    });
    const second = await newSession(harness);
    await page.goto(`${shopOrigin}/?token=${second.token}`);
    await page.getByRole('button', { name: 'Pagar' }).click();
    await page.frameLocator('iframe').getByRole('heading', { name: 'Elige tu banco' }).waitFor();
    await frameReady();
    await page.getByRole('button', { name: 'Cerrar y cancelar el pago' }).click();
    const callback = await waitForCallback();
    expect(callback.name).toBe('onExit');
    await expect(verifyNotification(callback.jwt, second.signatureToken)).resolves.toMatchObject({
      paymentStatus: 'cancelled',
    });
    expect(await sessionStatus(second.token)).toBe('cancelled');
  });
});

describe('the widget in English', () => {
  it('labels the modal and shows the payment pages in English when asked', async () => {
    const session = await newSession(harness);
    await page.goto(`${shopOrigin}/?token=${session.token}&lang=en`);
    await page.getByRole('button', { name: 'Pagar' }).click();
    await page.getByRole('dialog', { name: 'Bank transfer payment' }).waitFor();
    const frame = page.frameLocator('iframe[title="Puente payment page"]');
    await frame.getByRole('heading', { name: 'Choose your bank' }).waitFor();
    await frameReady();
    await page.getByRole('button', { name: 'Close and cancel the payment' }).click();
    expect((await waitForCallback()).name).toBe('onExit');
    expect(await sessionStatus(session.token)).toBe('cancelled');
  });
});

describe('the widget when the payment cannot go on', () => {
  it("shows an action's message inside the frame (a cross-site frame keeps no Lax cookie)", async () => {
    const { frame } = await openWidget(shopOrigin);
    await frame.getByRole('button', { name: 'Banco de Pruebas', exact: true }).click();
    await frame.getByLabel('RUT').fill('11.111.111-2');
    await frame.getByLabel('Clave').fill('1234');
    await frame.getByRole('button', { name: 'Ingresar' }).click();
    await frame.getByText('El RUT no es válido. Revísalo e inténtalo otra vez.').waitFor();
    // Read once: the page drawn again has no message.
    await frame.goto(frame.url());
    await frame.getByLabel('RUT').waitFor();
    expect(await frame.getByText('El RUT no es válido').count()).toBe(0);
  });

  it('explains an error first; "Volver al comercio" closes the modal and onExit gets the error JWT', async () => {
    const { token, signatureToken, frame } = await openWidget(shopOrigin);
    await frame.getByRole('button', { name: 'Banco de Pruebas', exact: true }).click();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await frame.getByLabel('RUT').fill('11.111.111-1');
      await frame.getByLabel('Clave').fill('mala');
      await frame.getByRole('button', { name: 'Ingresar' }).click();
      // The next attempt types into the page that answered this one, not into the one being left (a form
      // filled while the frame navigates is lost, and an empty form is not a login attempt).
      if (attempt < 3) await frame.getByText(`Te quedan ${3 - attempt} intentos`).waitFor();
    }
    await frame.getByRole('heading', { name: 'El pago no se realizó' }).waitFor();
    expect(await callbacks()).toEqual([]);
    await frame.getByRole('link', { name: 'Volver al comercio' }).click();
    const callback = await waitForCallback();
    expect(callback.name).toBe('onExit');
    await expect(verifyNotification(callback.jwt, signatureToken)).resolves.toMatchObject({
      sessionToken: token,
      paymentStatus: 'error',
    });
    expect(page.url()).toBe(`${shopOrigin}/?token=${token}`);
  });

  it('closes with onExit(null) when the page in the frame cannot answer (the browser lost its cookie)', async () => {
    const { frame } = await openWidget(shopOrigin);
    await frame.getByRole('button', { name: 'Banco de Pruebas', exact: true }).waitFor();
    // As in a browser that keeps no cookie in frames: the funnel refuses the form, on a page with no script.
    await context.clearCookies();
    await frame.getByRole('button', { name: 'Banco de Pruebas', exact: true }).click();
    await frame.getByRole('heading', { name: 'No pudimos verificar el formulario' }).waitFor();
    await page.getByRole('button', { name: 'Cerrar y cancelar el pago' }).click();
    expect(await waitForCallback()).toEqual({ name: 'onExit', jwt: null });
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
  });
});

describe('the widget on an origin the merchant did not register', () => {
  it('shows no payment page and posts nothing to the page', async () => {
    const { token, frame } = await openWidget(strangerOrigin);
    // CSP frame-ancestors: Chromium replaces the frame's document with its own error page.
    await page.waitForTimeout(1_500);
    expect(frame.url()).not.toContain('/session/');
    await expect(frame.locator('form').count()).resolves.toBe(0);
    const messages = await page.evaluate(
      () => (window as unknown as { puenteTest: { messages: unknown[] } }).puenteTest.messages,
    );
    expect(messages).toEqual([]);
    expect(await callbacks()).toEqual([]);
    // Nothing was remembered for the session either.
    expect((await harness.services.funnels.load(token))?.funnel.widgetOrigin ?? null).toBeNull();
  });
});
