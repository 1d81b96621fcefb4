import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PgliteDatabase } from '../../src/adapters/sql/pglite-database.ts';
import type { Database } from '../../src/ports/database.ts';
import { FunnelClient, type PayerScript, walkPayment } from '../support/funnel-client.ts';
import { createMerchantWithCli, freePort, runPuente, waitUntilServing } from '../support/puente-process.ts';

/**
 * DESIGN §10: bank passwords, codes and coordinates never reach the database or a log. A real gateway
 * (with its embedded bank simulator, logging at `trace`) runs whole payments — right and wrong secrets,
 * every kind of second factor — then every row of every table and every line of output is searched.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'puente-secrets-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const WRONG_PASSWORD = 'Clave-Equivocada-7Xq';
const WRONG_CODE = '918273';
const WRONG_COORDINATES = ['Q7', 'W8', 'E9'];

it('finds no password, code or coordinate in the database or the logs', { timeout: 240_000 }, async () => {
  if (process.env.DATABASE_URL) return; // one run suffices: the dump reads the embedded database's own files
  const port = await freePort();
  const env = {
    PORT: String(port),
    PUENTE_DATA_DIR: dataDir,
    LOG_LEVEL: 'trace',
    PUENTE_BANK_SIM_PORT: String(await freePort()),
    PUENTE_BANK_SIM_APPROVAL_DELAY_MS: '100',
    PUENTE_BANK_SIM_PENDING_DELAY_MS: '300',
    PUENTE_TRANSFER_RECHECK_SECONDS: '0.3',
    PUENTE_FUNNEL_SWEEP_SECONDS: '0.3',
  };
  const merchant = await createMerchantWithCli(env, 'Tienda Secretos');
  const gateway = runPuente(['serve'], env);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilServing(baseUrl, gateway.output);

  const scripts: PayerScript[] = [
    { bank: 'cl_santander', rut: '11.111.111-1' },
    { bank: 'cl_bch', rut: '11.111.111-1' },
    { bank: 'cl_bci', rut: '55.555.555-5' },
    { bank: 'cl_itau', rut: '11.111.111-1', password: WRONG_PASSWORD },
    { bank: 'cl_falabella', rut: '11.111.111-1', code: WRONG_CODE },
    { bank: 'cl_scotiabank', rut: '11.111.111-1', coordinates: WRONG_COORDINATES },
  ];
  for (const [index, script] of scripts.entries()) {
    const answer = await fetch(`${baseUrl}/session/initialize`, {
      method: 'POST',
      body: JSON.stringify({
        merchant_code: merchant.merchant_code,
        merchant_api_token: merchant.merchant_api_token,
        merchant_order_id: `OC-SECRET-${index}`,
        order_amount: 10_000,
      }),
    });
    const { token } = (await answer.json()) as { token: string };
    await walkPayment(new FunnelClient(baseUrl), `/session/${token}`, script);
  }
  gateway.child.kill('SIGTERM');
  expect(await gateway.exited()).toBe(0);

  const db: Database = await PgliteDatabase.open({ dataDir: join(dataDir, 'pglite') });
  let dump = '';
  try {
    const tables = await db.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    for (const { table_name } of tables) {
      const rows = await db.query<{ row: string }>(`select to_jsonb(t)::text as row from "${table_name}" t`);
      dump += rows.map((row) => row.row).join('\n');
    }
    const [successes] = await db.query<{ count: number }>(
      "select count(*)::int as count from payment_sessions where payment_status = 'success'",
    );
    expect(successes?.count).toBe(3); // the payments really ran
    expect(dump).toContain('bank_call');
  } finally {
    await db.close();
  }
  const logs = gateway.output.join('');
  expect(logs.length).toBeGreaterThan(1000); // trace logging really captured requests

  for (const [where, text] of [
    ['database', dump],
    ['logs', logs],
  ] as const) {
    for (const secret of [WRONG_PASSWORD, WRONG_CODE, ...WRONG_COORDINATES.map((value) => `"${value}"`)]) {
      expect(text.includes(secret), `${secret} in the ${where}`).toBe(false);
    }
    // The right answers are short, so they are searched where a leaked value would sit: a JSON value or a form field.
    for (const pattern of [/"1234"/, /"123456"/, /password=/i, /"password"/i, /code=123456/, /"values"/]) {
      expect(pattern.test(text), `${pattern} in the ${where}`).toBe(false);
    }
  }
});
