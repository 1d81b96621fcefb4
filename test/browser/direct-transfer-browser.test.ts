import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importStatement, readStatement } from '../../src/cli/movement-commands.ts';
import { type Services, startWebhookWorker } from '../../src/composition.ts';
import type { Merchant } from '../../src/domain/merchant.ts';
import { buildApp } from '../../src/http/app.ts';
import { directTransferDeps } from '../../src/http/funnel/funnel-request.ts';
import { pollSandboxStatements } from '../../src/use-cases/direct-transfer/poll-sandbox-statements.ts';
import { startTestBankSimulator, type TestBankSimulator } from '../support/bank-simulator.ts';
import { launchChromium, listenOnLoopback, screenshot } from '../support/browser.ts';
import { enableDirectTransfer } from '../support/collecting-account.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';
import { writeStatementCsv, writeStatementXlsx } from '../support/statement-files.ts';
import { FAST_WEBHOOKS, startReceiver } from '../webhooks/support.ts';

/**
 * Direct transfer in real Chromium: the payer chooses "Transferir desde cualquier banco" and reads the
 * account, amount and reference; the movement then reaches Puente by the merchant API, a CSV statement or
 * an XLSX statement (the code `puente movements import` runs), or, in sandbox, by a test payer's transfer in
 * the simulator's web bank, found by the statement poll. Each ends the payment `success` with a webhook
 * whose JWT verifies with the session's signature token.
 */
let services: Services;
let app: FastifyInstance;
let simulator: TestBankSimulator;
let browser: Browser;
let page: Page;
let base: string;
let merchant: Merchant;
let credentials: { merchant_code: string; merchant_api_token: string };
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let stopWorker: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'puente-direct-'));

beforeAll(async () => {
  simulator = await startTestBankSimulator();
  receiver = await startReceiver();
  services = await createTestServices({ ...simulator.env, ...FAST_WEBHOOKS });
  app = await buildApp(services, { logger: false });
  base = await listenOnLoopback(app);
  services.config.PUENTE_PAYMENT_URL = base;
  const created = await createTestMerchant(services, { webhookUrl: receiver.url, completedUrl: null });
  merchant = created.merchant;
  credentials = { merchant_code: merchant.code, merchant_api_token: created.apiToken };
  await enableDirectTransfer(services, merchant);
  stopWorker = await startWebhookWorker(services);
  browser = await launchChromium();
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await stopWorker?.();
  await browser?.close();
  await app?.close();
  await services?.close();
  await receiver?.close();
  await simulator?.close();
});

/** A session as the shop opens it; the payer chooses direct transfer on the bank-choice page. */
async function payerChoosesDirectTransfer(orderAmount: number) {
  const response = await app.inject({
    method: 'POST',
    url: '/session/initialize',
    payload: {
      ...credentials,
      merchant_order_id: `OC-${Date.now()}-${orderAmount}`,
      order_amount: orderAmount,
    },
  });
  const session = response.json() as { token: string; signature_token: string; payment_url: string };
  await page.goto(`${base}/session/${session.token}?lang=es`);
  await page.getByRole('button', { name: 'Transferir desde cualquier banco' }).click();
  await page.getByRole('heading', { name: 'Transfiere a Tienda de Prueba' }).waitFor();
  const reference = (await page.locator('#dt-reference').textContent())?.trim() ?? '';
  expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  expect(await page.locator('#dt-number').textContent()).toBe('0071234567');
  expect(await page.locator('#dt-amount').textContent()).toBe(`$${orderAmount.toLocaleString('es-CL')}`);
  expect(await page.locator('#dt-rut').textContent()).toBe('76.123.456-0');
  // The copy buttons appear once the script ran.
  await expect.poll(() => page.locator('button[data-copy="dt-reference"]').isVisible()).toBe(true);
  return { ...session, reference };
}

async function expectPaidWithVerifiedWebhook(session: { token: string; signature_token: string }) {
  const [row] = await services.db.query<{ jwt: string; payment_status: string }>(
    `select w.jwt, w.payment_status from webhook_events w join payment_sessions s on s.id = w.session_id
     where s.token = $1`,
    [session.token],
  );
  expect(row?.payment_status).toBe('success');
  const jwt = row?.jwt ?? '';
  // Delivered to the shop's webhook URL by the notifier's worker.
  await expect
    .poll(() => receiver.received.some((hook) => hook.body.includes(jwt)), { timeout: 30_000 })
    .toBe(true);
  const { payload } = await jwtVerify(jwt, new TextEncoder().encode(session.signature_token));
  expect(payload).toMatchObject({ payment_status: 'success', payment_step: 'transfer_confirmed' });
  // The payer who comes back by the same link sees the result.
  await page.goto(`${base}/session/${session.token}?lang=es`);
  await page.getByText('Este pago ya terminó').waitFor();
}

describe('direct transfer in Chromium', { timeout: 180_000 }, () => {
  it('a movement posted to /merchant/movements pays it', async () => {
    const session = await payerChoosesDirectTransfer(12_990);
    await screenshot(page, 'direct-transfer');
    const answer = await app.inject({
      method: 'POST',
      url: '/merchant/movements',
      payload: {
        ...credentials,
        movements: [
          { id: 'API-1', date: '2026-12-01', amount: 12990, description: `pedido ${session.reference}` },
        ],
      },
    });
    expect(answer.json()).toMatchObject({ matched: 1 });
    await expectPaidWithVerifiedWebhook(session);
  });

  it('the same movement in an imported CSV, then in an XLSX, pays; importing either again changes nothing', async () => {
    for (const [format, amount] of [
      ['csv', 15_000],
      ['xlsx', 15_000],
    ] as const) {
      const session = await payerChoosesDirectTransfer(amount);
      const rows = [
        {
          id: `FILE-${format}`,
          fecha: '01-12-2026',
          monto: amount,
          descripcion: `Pago ${session.reference}`,
        },
      ];
      const file =
        format === 'csv'
          ? writeStatementCsv(dir, 'cartola.csv', rows)
          : writeStatementXlsx(dir, 'cartola.xlsx', rows);
      const imported = await importStatement(services, merchant.code, await readStatement(file, 'generic'));
      expect(imported).toMatchObject({ new: 1, matched: 1 });
      await expectPaidWithVerifiedWebhook(session);
      const events = await services.db.query('select id from webhook_events');
      const again = await importStatement(services, merchant.code, await readStatement(file, 'generic'));
      expect(again).toEqual({ movements: 1, new: 0, matched: 0, to_review: 0, initiated: 0, unmatched: 0 });
      expect(await services.db.query('select id from webhook_events')).toEqual(events);
    }
  });

  it('sandbox: a test payer transfers in the simulator web bank and the payment turns success by itself', async () => {
    const session = await payerChoosesDirectTransfer(33_000);
    const bankPage = await browser.newPage();
    await bankPage.goto(`${simulator.url}/web-banking`);
    await bankPage.getByLabel('Banco', { exact: true }).first().selectOption('cl_bci');
    await bankPage.getByLabel('RUT', { exact: true }).first().fill('11.111.111-1');
    await bankPage.getByLabel('Clave').fill('1234');
    await bankPage.locator('#to_bank').selectOption('cl_santander');
    await bankPage.getByLabel('Número de cuenta').fill('0071234567');
    await bankPage.getByLabel('Nombre').fill('Tienda de Prueba SpA');
    await bankPage.locator('#to_rut').fill('76.123.456-0');
    await bankPage.getByLabel('Monto (pesos)').fill('33000');
    await bankPage.getByLabel('Comentario').fill(`compra ${session.reference}`);
    await bankPage.getByRole('button', { name: 'Transferir' }).click();
    await bankPage.getByText('Transferencia realizada.').waitFor();
    await screenshot(bankPage, 'simulator-web-banking');
    await bankPage.close();
    // What `serve` runs periodically in sandbox (no manual step: no operator, no import).
    const polled = await pollSandboxStatements({ ...directTransferDeps(services), banks: services.banks });
    expect(polled.movements).toBe(1);
    await expectPaidWithVerifiedWebhook(session);
    // A second poll finds nothing new.
    expect(
      (await pollSandboxStatements({ ...directTransferDeps(services), banks: services.banks })).movements,
    ).toBe(0);
  });
});
