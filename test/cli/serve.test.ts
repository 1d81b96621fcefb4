import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startGateway, stopGateway } from '../support/cli.ts';
import { childDatabaseEnv } from '../support/database.ts';

const PORT = String(20_000 + Math.floor(Math.random() * 20_000));
const BASE = `http://127.0.0.1:${PORT}`;
let gateway: { process: ChildProcess; output: () => string };
let env: Record<string, string>;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ env, drop } = await childDatabaseEnv(mkdtempSync(join(tmpdir(), 'puente-serve-'))));
  env = { ...env, PORT, PUENTE_API_URL: BASE, PUENTE_BANK_SIM_PORT: '0', PUENTE_DEMO_SHOP_PORT: '0' };
  // At info, the request log is printed too: the setup link's token must not be in it.
  gateway = await startGateway({ ...env, LOG_LEVEL: 'info' });
}, 480_000);

afterAll(async () => {
  if (gateway) await stopGateway(gateway.process);
  await drop();
});

function printedCredentials() {
  const code = /merchant_code:\s+(\S+)/.exec(gateway.output())?.[1];
  const token = /merchant_api_token:\s+(\S+)/.exec(gateway.output())?.[1];
  if (!code || !token) throw new Error(`no demo merchant printed:\n${gateway.output()}`);
  return { merchant_code: code, merchant_api_token: token };
}

describe('puente serve', { timeout: 480_000 }, () => {
  it('prints a demo merchant whose credentials work, and serves the funnel page for its session', async () => {
    const response = await fetch(`${BASE}/session/initialize`, {
      method: 'POST',
      body: JSON.stringify({
        ...printedCredentials(),
        merchant_order_id: 'DEMO-1',
        order_amount: 12990,
        metadata: [{ name: 'Producto', value: 'Café de grano', show: true }],
      }),
    });
    expect(response.status).toBe(200);
    const session = await response.json();
    expect(session.payment_url).toBe(`${BASE}/session/${session.token}`);
    const page = await fetch(session.payment_url);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Tienda Demo');
    expect(text).toContain('$12.990');
    expect(text).toContain('Café de grano');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('serves the OpenAPI document and a readable reference page', async () => {
    const document = await (await fetch(`${BASE}/openapi.json`)).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual([
      '/session/initialize',
      '/merchant/check_payment_status',
      '/merchant/movements',
    ]);
    const reference = await fetch(`${BASE}/docs`);
    expect(reference.headers.get('content-type')).toContain('text/html');
    const html = await reference.text();
    expect(html).toContain('POST /session/initialize');
    expect(html).toContain('merchant_order_id');
  });

  it('keeps the database safe from a CLI command run beside the gateway', async () => {
    const result = await runCli(['merchant', 'list', '--json'], env);
    if (process.env.DATABASE_URL) {
      // PostgreSQL serves any number of processes: the command simply works.
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveLength(1);
    } else {
      // The embedded database belongs to the gateway's process: the command refuses, naming it.
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('in use by another Puente process');
      expect(result.stderr).toContain(`pid ${gateway.process.pid}`);
    }
    const stillServing = await fetch(`${BASE}/merchant/check_payment_status`, {
      method: 'POST',
      body: JSON.stringify({ ...printedCredentials(), merchant_order_id: 'DEMO-1' }),
    });
    expect(stillServing.status).toBe(200);
    expect(await stillServing.json()).toHaveLength(1);
  });

  it('prints a one-time link that creates the first operator, who logs in, while the gateway runs', async () => {
    const link = /(http:\S+\/admin\/setup\?token=[A-Za-z0-9]{43})\s/.exec(gateway.output())?.[1];
    if (!link) throw new Error(`no setup link printed:\n${gateway.output()}`);
    expect(gateway.output()).toContain('No operator yet');
    const cookie = (response: Response, name: string) =>
      response.headers
        .getSetCookie()
        .map((line) => line.split(';')[0] ?? '')
        .find((pair) => pair.startsWith(`${name}=`)) ?? '';
    const csrf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      redirect: 'manual' as const,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

    const page = await fetch(link);
    expect(page.status).toBe(200);
    const setupPage = await page.text();
    const token = new URL(link).searchParams.get('token') ?? '';
    const created = await fetch(`${BASE}/admin/setup`, {
      ...form({
        csrf: csrf(setupPage),
        token,
        email: 'primera@puente.test',
        password: 'una clave larga y segura',
        password_confirmation: 'una clave larga y segura',
      }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookie(page, 'puente_admin_setup'),
      },
    });
    expect(created.status).toBe(303);
    expect((await fetch(link)).status).toBe(410);

    const loginPage = await fetch(`${BASE}/admin/login`);
    const login = await fetch(`${BASE}/admin/login`, {
      ...form({
        csrf: csrf(await loginPage.text()),
        email: 'primera@puente.test',
        password: 'una clave larga y segura',
      }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookie(loginPage, 'puente_admin_login'),
      },
    });
    expect(login.status).toBe(303);
    const dashboard = await fetch(`${BASE}/admin`, {
      headers: { cookie: cookie(login, 'puente_admin') },
      redirect: 'manual',
    });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('primera@puente.test');
    // The same process all along, and the token is printed once: the request log masks it.
    expect(gateway.process.exitCode).toBeNull();
    expect(gateway.output().split(token)).toHaveLength(2);
  });

  it('prints the same demo merchant on the next start, and the CLI works once it stopped', async () => {
    const before = printedCredentials();
    await stopGateway(gateway.process);
    const listed = await runCli(['merchant', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((m: { merchant_code: string }) => m.merchant_code)).toEqual([
      before.merchant_code,
    ]);
    gateway = await startGateway(env);
    expect(printedCredentials()).toEqual(before);
    expect(gateway.output()).not.toContain('created now');
    // An operator exists: no setup link any more.
    expect(gateway.output()).not.toContain('/admin/setup');
  });
});
