import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PgliteDatabase } from '../../src/adapters/sql/pglite-database.ts';
import type { Database } from '../../src/ports/database.ts';
import { walkOpenFinancePayment } from '../support/open-finance-walk.ts';
import { createMerchantWithCli, freePort, runPuente, waitUntilServing } from '../support/puente-process.ts';

/**
 * Open finance's secrets (the authorisation code, the access token, the PKCE verifier, the payer's password
 * typed at the bank) never reach Puente's database or logs. A real gateway with its embedded simulator,
 * logging at `trace`, runs open-finance payments; then every row and every line of output is searched.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'puente-of-secrets-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('finds no authorisation code, token or verifier in the database or the logs', {
  timeout: 240_000,
}, async () => {
  if (process.env.DATABASE_URL) return; // the dump reads the embedded database's own files
  const port = await freePort();
  const env = {
    PORT: String(port),
    PUENTE_DATA_DIR: dataDir,
    LOG_LEVEL: 'trace',
    PUENTE_BANK_SIM_PORT: String(await freePort()),
    PUENTE_BANK_SIM_PENDING_DELAY_MS: '300',
    PUENTE_TRANSFER_RECHECK_SECONDS: '0.3',
    PUENTE_FUNNEL_SWEEP_SECONDS: '0.3',
    PUENTE_OPEN_FINANCE_BANKS: 'all',
  };
  const merchant = await createMerchantWithCli(env, 'Tienda Secretos OF');
  const gateway = runPuente(['serve'], env);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilServing(baseUrl, gateway.output);

  const codes: string[] = [];
  for (const [index, rut] of ['11.111.111-1', '55.555.555-5', '22.222.222-2'].entries()) {
    const answer = await fetch(`${baseUrl}/session/initialize`, {
      method: 'POST',
      body: JSON.stringify({
        merchant_code: merchant.merchant_code,
        merchant_api_token: merchant.merchant_api_token,
        merchant_order_id: `OC-OF-SECRET-${index}`,
        order_amount: 10_000,
      }),
    });
    const { token } = (await answer.json()) as { token: string };
    const result = await walkOpenFinancePayment(baseUrl, `/session/${token}`, { bank: 'cl_santander', rut });
    const code = result.callback?.searchParams.get('code');
    if (code) codes.push(code);
  }
  expect(codes).toHaveLength(3);
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
    expect(successes?.count).toBe(2);
    expect(dump).toContain('complete_authorization');
  } finally {
    await db.close();
  }
  const logs = gateway.output.join('');
  expect(logs).toContain('/open-finance/callback?[redacted]');
  for (const [where, text] of [
    ['database', dump],
    ['logs', logs],
  ] as const) {
    for (const code of codes) expect(text.includes(code), `a code in the ${where}`).toBe(false);
    for (const pattern of [/access_token/i, /code_verifier/i, /Bearer /, /"1234"/, /password=/i]) {
      expect(pattern.test(text), `${pattern} in the ${where}`).toBe(false);
    }
  }
});
