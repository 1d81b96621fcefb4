import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Services, startWebhookWorker } from '../../src/composition.ts';
import { buildApp } from '../../src/http/app.ts';
import { createOperator } from '../../src/use-cases/operators/create-operator.ts';
import { OPERATOR_PASSWORD } from '../support/admin.ts';
import { launchChromium, listenOnLoopback, screenshot } from '../support/browser.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

/**
 * A payment's timeline and its webhooks as the funnel and the notifier record them (rows seeded in their
 * tables with SQL), then a failed webhook resent from the back-office and really delivered by the
 * notifier's worker to a receiver on loopback.
 */
let services: Services;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;
let receiver: Server;
let receiverUrl: string;
const received: string[] = [];
let stopWorker: (() => Promise<void>) | null = null;
const SESSION = `${'W'.repeat(60)}time`;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  base = await listenOnLoopback(app);
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push(body);
      response.writeHead(200).end('ok, recibido');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;

  const { merchant } = await createTestMerchant(services, { name: 'Óptica Norte', webhookUrl: receiverUrl });
  const [session] = await services.db.query<{ id: number }>(
    `insert into payment_sessions (token, merchant_id, merchant_order_id, order_amount, user_bank_code, user_rut,
       payment_token, payment_status, payment_step, signature_token_sealed, expires_at, created_at, updated_at)
     values ($1, $2, 'OC-9001', 45990, 'cl_bci', '12345678-5', 'PTtimeline1', 'success', 'transfer_confirmed', 'x',
             now() + interval '20 minutes', now() - interval '3 minutes', now() - interval '1 minute')
     returning id`,
    [SESSION, merchant.id],
  );
  const id = Number(session?.id);
  await services.db.query(
    `insert into payment_timeline (session_id, payment_token, kind, name, bank_code, from_state, to_state, outcome, duration_ms, created_at)
     values ($1, 'PTtimeline1', 'step', 'choose_bank', 'cl_bci', 'choosing_bank', 'logging_in', 'bank_selected', null, now() - interval '170 seconds'),
            ($1, 'PTtimeline1', 'bank_call', 'login', 'cl_bci', null, null, 'wrong_password', 240, now() - interval '150 seconds'),
            ($1, 'PTtimeline1', 'bank_call', 'login', 'cl_bci', null, null, 'ok', 210, now() - interval '140 seconds'),
            ($1, 'PTtimeline1', 'step', 'login_succeeded', 'cl_bci', 'logging_in', 'second_factor', 'logged_in', null, now() - interval '139 seconds'),
            ($1, 'PTtimeline1', 'bank_call', 'transfer', 'cl_bci', null, null, 'completed', 1830, now() - interval '65 seconds'),
            ($1, 'PTtimeline1', 'step', 'transfer_confirmed', 'cl_bci', 'transferring', 'succeeded', 'success', null, now() - interval '64 seconds')`,
    [id],
  );
  const [event] = await services.db.query<{ id: number }>(
    `insert into webhook_events (session_id, payment_status, jti, jwt) values ($1, 'success', 'jti-timeline-1', 'eyJ.test.jwt')
     returning id`,
    [id],
  );
  const [delivery] = await services.db.query<{ id: number }>(
    `insert into webhook_deliveries (event_id, url, status, failure_reason, schedule_step, attempt_count, last_status_code,
       last_error, created_at, updated_at)
     values ($1, $2, 'failed', 'exhausted', 10, 2, 503, 'HTTP 503', now() - interval '60 seconds', now())
     returning id`,
    [event?.id, receiverUrl],
  );
  await services.db.query(
    `insert into webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt)
     values ($1, now() - interval '59 seconds', null, 15000, 'timeout after 15000 ms', null),
            ($1, now() - interval '30 seconds', 503, 12, null, 'Service Unavailable')`,
    [delivery?.id],
  );
  await createOperator(services, { email: 'ops@puente.test', password: OPERATOR_PASSWORD });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CL' });
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Correo').fill('ops@puente.test');
  await page.getByLabel('Contraseña').fill(OPERATOR_PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(`${base}/admin`);
});
afterAll(async () => {
  await stopWorker?.();
  await browser?.close();
  await app?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await services?.close();
});

describe('payment timeline and webhooks in Chromium', () => {
  it('finds a payment by its payment token and shows its whole story', async () => {
    await screenshot(page, '10-dashboard-with-data');
    await page.getByRole('link', { name: 'Pagos' }).click();
    await page.getByLabel('Token de pago').fill('PTtimeline1');
    await page.getByRole('button', { name: 'Buscar' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.locator('tbody tr a').first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('orden OC-9001');
    const timeline = page.locator('ol.timeline li');
    expect(await timeline.count()).toBe(7);
    const texts = await timeline.allTextContents();
    expect(texts[0]).toContain('Sesión creada');
    expect(texts[2]).toMatch(/Llamada a BCI login → clave incorrecta en 240 ms/);
    expect(texts[5]).toMatch(/transfer → completada en 1830 ms/);
    expect(texts[6]).toContain('Transferencia confirmada (transfiriendo → pagado)');
    const delivery = page.locator('article[id^="delivery-"]');
    await expect(delivery.textContent()).resolves.toContain('reintentos agotados');
    expect(await delivery.locator('tbody tr').count()).toBe(2);
    await expect(delivery.textContent()).resolves.toContain('Service Unavailable');
    await expect(delivery.textContent()).resolves.toContain('timeout after 15000 ms');
    await screenshot(page, '11-payment-timeline');
  });

  it('lists the failed webhook and resends it: the worker delivers the same event', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await expect(page.locator('tbody tr').textContent()).resolves.toContain('OC-9001');
    await screenshot(page, '12-deliveries');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Reenviar los elegidos' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('1 webhook(s) reenviado(s)');
    const [row] = await services.db.query<{ status: string; schedule_step: number }>(
      'select status, schedule_step from webhook_deliveries',
    );
    expect(row).toEqual({ status: 'pending', schedule_step: 0 });

    stopWorker = await startWebhookWorker(services);
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
    expect(JSON.parse(received[0] ?? '{}')).toEqual({ payment: 'eyJ.test.jwt' });
    await expect
      .poll(
        async () =>
          (await services.db.query<{ status: string }>('select status from webhook_deliveries'))[0]?.status,
        {
          timeout: 10_000,
        },
      )
      .toBe('delivered');

    await page.goto(`${base}/admin/deliveries`);
    await expect(page.getByText('Ningún webhook con problemas.').count()).resolves.toBe(1);
    await page.goto(`${base}/admin/payments/${SESSION}`);
    const delivery = page.locator('article[id^="delivery-"]');
    await expect(delivery.textContent()).resolves.toContain('Entregado');
    expect(await delivery.locator('tbody tr').count()).toBe(3);
    await expect(delivery.textContent()).resolves.toContain('ok, recibido');
    await screenshot(page, '13-payment-delivered');
    const audit = await services.operators.recentAudit(5);
    expect(audit.find((entry) => entry.action === 'delivery.resend')).toMatchObject({
      operatorEmail: 'ops@puente.test',
      details: { requeued: 1 },
    });
    await page.getByRole('link', { name: 'Auditoría' }).click();
    await screenshot(page, '14-audit');
  });
});
