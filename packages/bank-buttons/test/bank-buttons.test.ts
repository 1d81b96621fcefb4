import { mkdirSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BANK_LOOKS } from '../../../src/http/funnel/bank-looks.ts';
import { launchChromium } from '../../../test/support/launch-chromium.ts';
import { type RunningGateway, startGateway } from '../../../test/support/running-gateway.ts';
import { Puente } from '../../sdk/src/index.ts';

// A real gateway serves the component and creates sessions; a small "merchant" server serves the page
// (under a strict CSP, as a careful shop would) and its own session endpoint, which uses the SDK.
let gateway: RunningGateway;
let merchantSite: FastifyInstance;
let merchantUrl: string;
let browser: Browser;
let page: Page;
const received: Record<string, unknown>[] = [];
let endpointBehaviour: 'ok' | 'fail' | 'slow' | 'bad-url' = 'ok';
let releaseSlow: () => void = () => {};

const SHOTS = 'test-results/kit';

function pageHtml(attributes: string, lang = 'es-CL'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Tienda</title>
<script type="module" src="${gateway.url}/assets/puente-bank-buttons.js"></script></head>
<body><main><h1>Tetera de greda</h1>
<puente-bank-buttons session-endpoint="/checkout/session" ${attributes}></puente-bank-buttons>
</main></body></html>`;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  gateway = await startGateway();
  const puente = new Puente({
    apiUrl: gateway.url,
    merchantCode: gateway.merchant.merchant.code,
    apiToken: gateway.merchant.apiToken,
  });
  merchantSite = Fastify();
  merchantSite.addHook('onSend', async (_request, reply) => {
    reply.header(
      'content-security-policy',
      `default-src 'none'; script-src ${gateway.url}; style-src 'self'; connect-src 'self'; base-uri 'none'`,
    );
  });
  merchantSite.get<{ Querystring: { attrs?: string; lang?: string } }>('/', async (request, reply) =>
    reply.type('text/html').send(pageHtml(request.query.attrs ?? '', request.query.lang)),
  );
  merchantSite.post('/checkout/session', async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    received.push(body);
    if (endpointBehaviour === 'fail') return reply.status(502).send({ error: 'upstream' });
    if (endpointBehaviour === 'bad-url') return { payment_url: 'javascript:alert(1)' };
    if (endpointBehaviour === 'slow') await new Promise<void>((resolve) => (releaseSlow = resolve));
    const session = await puente.createSession({
      merchantOrderId: String(body.order_id),
      orderAmount: 15_990, // priced by the server, whatever the browser sent
      userBankCode: String(body.user_bank_code),
    });
    return { payment_url: session.paymentUrl };
  });
  merchantUrl = await merchantSite.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await merchantSite?.close();
  await gateway?.close();
});

beforeEach(async () => {
  received.length = 0;
  endpointBehaviour = 'ok';
  await page?.close();
  page = await browser.newPage({ viewport: { width: 720, height: 820 } });
});

async function open(attributes: string, lang?: string) {
  const query = new URLSearchParams({ attrs: attributes, ...(lang ? { lang } : {}) });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${merchantUrl}/?${query}`);
  await page.getByRole('button').first().waitFor();
  return errors;
}

describe('<puente-bank-buttons> in Chromium', () => {
  it('renders one named button per bank, without the test bank outside sandbox, under a strict CSP', async () => {
    const errors = await open('order-id="OC-1"');
    const buttons = page.getByRole('button');
    const names = await buttons.evaluateAll((all) => all.map((button) => button.textContent));
    expect(names).toEqual([
      'BEBancoEstado',
      'SSantander',
      'BChBanco de Chile / Edwards',
      'bciBCI',
      'itItaú',
      'ScScotiabank',
      'FBanco Falabella',
    ]);
    // The monogram is hidden from screen readers: each button's accessible name is the bank's name.
    await expect(page.getByRole('button', { name: 'BancoEstado', exact: true }).count()).resolves.toBe(1);
    await expect(
      page.getByRole('group', { name: 'Paga con transferencia desde tu banco' }).count(),
    ).resolves.toBe(1);
    // Each bank's mark has its own brand colour, from the adopted stylesheet (which the CSP did not block).
    const colours = await page
      .locator('puente-bank-buttons .mark')
      .evaluateAll((marks) => marks.map((mark) => getComputedStyle(mark).backgroundColor));
    expect(new Set(colours).size).toBe(7);
    // ...the colour of that bank's pages in the funnel, so the payer sees one bank from button to bank page.
    const rgb = (hex: string) =>
      `rgb(${[1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16)).join(', ')})`;
    expect(colours).toEqual(
      (
        ['cl_estado', 'cl_santander', 'cl_bch', 'cl_bci', 'cl_itau', 'cl_scotiabank', 'cl_falabella'] as const
      ).map((code) => rgb(BANK_LOOKS[code].colour)),
    );
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/bank-buttons-es.png`, fullPage: true });
  });

  it('adds Banco de Pruebas, flagged, in sandbox; speaks English with lang="en"', async () => {
    await open('environment="sandbox" lang="en"');
    await expect(page.getByRole('button', { name: /Banco de Pruebas/ }).textContent()).resolves.toContain(
      'testing only',
    );
    await expect(page.getByRole('group', { name: 'Pay by bank transfer' }).count()).resolves.toBe(1);
    await page.screenshot({ path: `${SHOTS}/bank-buttons-en-sandbox.png`, fullPage: true });
  });

  it("follows the page's language when it has no lang of its own", async () => {
    await open('', 'en-US');
    await expect(page.getByRole('group', { name: 'Pay by bank transfer' }).count()).resolves.toBe(1);
  });

  it('is reachable by keyboard, with a visible focus ring', async () => {
    await open('');
    await page.keyboard.press('Tab');
    const focused = page.locator('puente-bank-buttons button:focus-visible');
    await expect(focused.textContent()).resolves.toContain('BancoEstado');
    const outline = await focused.evaluate((button) => getComputedStyle(button).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('Tab');
    await expect(page.locator('puente-bank-buttons button:focus').textContent()).resolves.toContain(
      'Santander',
    );
    await page.screenshot({ path: `${SHOTS}/bank-buttons-focus.png` });
  });

  it("posts the bank and the payload to the merchant's endpoint and goes to the gateway's payment page", async () => {
    await open('environment="sandbox" order-id="OC-77" amount="15990" data-product-id="tetera-greda"');
    await page.getByRole('button', { name: /Banco de Pruebas/ }).click();
    await page.waitForURL(`${gateway.url}/session/**`);
    expect(received).toEqual([
      { user_bank_code: 'cl_test', order_id: 'OC-77', amount: 15990, product_id: 'tetera-greda' },
    ]);
    const token = new URL(page.url()).pathname.split('/').pop() ?? '';
    const session = await gateway.services.sessions.findByToken(token);
    expect(session).toMatchObject({ merchantOrderId: 'OC-77', userBankCode: 'cl_test', orderAmount: 15_990 });
    // The shop's language goes with the payer to the payment page.
    expect(new URL(page.url()).searchParams.get('lang')).toBe('es');
  });

  it('takes an English page to the English payment page', async () => {
    await open('environment="sandbox" order-id="OC-78" amount="15990"', 'en');
    await page.getByRole('button', { name: /Test Bank|Banco de Pruebas/ }).click();
    await page.waitForURL(`${gateway.url}/session/**`);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  });

  it('is busy while the endpoint works: every button disabled, the chosen one marked, a double click ignored', async () => {
    endpointBehaviour = 'slow';
    await open('order-id="OC-78"');
    const santander = page.getByRole('button', { name: 'Santander' });
    await santander.click();
    await expect.poll(() => received.length).toBe(1);
    await expect(santander.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(page.getByRole('button', { name: 'BCI' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Conectando con tu banco…');
    await santander.click({ force: true }).catch(() => {});
    await page.screenshot({ path: `${SHOTS}/bank-buttons-busy.png` });
    releaseSlow();
    await page.waitForURL(`${gateway.url}/session/**`);
    expect(received).toHaveLength(1);
  });

  it('shows a Spanish error and gives the buttons back when the endpoint fails', async () => {
    endpointBehaviour = 'fail';
    await open('order-id="OC-79"');
    await page.getByRole('button', { name: 'BancoEstado' }).click();
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toBe(
      'No pudimos iniciar el pago. Inténtalo de nuevo o elige otro banco.',
    );
    await expect(page.getByRole('button', { name: 'BancoEstado' }).isEnabled()).resolves.toBe(true);
    expect(page.url()).toContain(merchantUrl);
    await page.screenshot({ path: `${SHOTS}/bank-buttons-error.png`, fullPage: true });
  });

  it('refuses to navigate to a payment_url that is not http(s)', async () => {
    endpointBehaviour = 'bad-url';
    await open('order-id="OC-80"', 'en');
    await page.getByRole('button', { name: 'Itaú' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('could not start the payment');
    expect(page.url()).toContain(merchantUrl);
  });

  it('says so when the endpoint is missing', async () => {
    await page.goto(merchantUrl);
    await page.evaluate(() =>
      document.querySelector('puente-bank-buttons')?.removeAttribute('session-endpoint'),
    );
    await page.getByRole('button', { name: 'BCI' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('falta session-endpoint');
    expect(received).toEqual([]);
  });
});
