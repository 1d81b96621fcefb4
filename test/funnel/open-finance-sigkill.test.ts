import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningBankSimulator, startBankSimulator } from '../../src/bank-simulator/server.ts';
import { csrfOf, FunnelClient, formAction, sleep, walkPayment } from '../support/funnel-client.ts';
import { ledger, paysOrder } from '../support/funnel-harness.ts';
import { authorizeAtBank } from '../support/model-bank-payer.ts';
import { freePort, runPuente, waitUntilServing } from '../support/puente-process.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';

/**
 * Open finance under the crash the design fears: a real `puente serve` child is SIGKILLed (a) after the
 * payer authorised at the bank and the payment order was recorded as intent, but before the bank received
 * it; (b) after the bank executed the order, before its answer was recorded; (c) after the bank's answer
 * (payment pending, its id recorded), restarted only once the payer's access token has expired, so the
 * order cannot be re-sent: the sweep must ask by the bank's payment id. A proxy between the gateway and the
 * simulator holds `POST /domestic-payments` (a: not forwarded; b: forwarded, answer withheld). A new child
 * on the same database must finish the payment through the sweep, with exactly one ledger entry.
 */
let simulator: RunningBankSimulator;
/** A model bank whose payers' access tokens live 3 s, and whose pending payments settle after 8 s. */
let shortGrants: RunningBankSimulator;
/** Where the proxy sends the gateway's calls. */
let bank: RunningBankSimulator;
let proxy: Server;
let proxyUrl: string;
let hold: 'before_bank' | 'answer' | null = null;
let held: () => void = () => {};
const dataDir = mkdtempSync(join(tmpdir(), 'puente-of-sigkill-'));
let databaseUrl: string | undefined;
let scratchDatabase: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
const children: ChildProcess[] = [];
const logs: string[] = [];
let port = 0;
let merchant: { merchant_code: string; merchant_api_token: string };

beforeAll(async () => {
  simulator = await startBankSimulator();
  shortGrants = await startBankSimulator({ accessTokenTtlMs: 3_000, pendingConfirmationDelayMs: 8_000 });
  bank = simulator;
  proxy = createServer((incoming, outgoing) => {
    const target = new URL(incoming.url ?? '/', bank.url);
    const isOrder = incoming.method === 'POST' && target.pathname.endsWith('/domestic-payments');
    if (isOrder && hold === 'before_bank') {
      held(); // the order never reaches the bank
      incoming.resume();
      return;
    }
    const forward = httpRequest(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        if (isOrder && hold === 'answer') {
          held(); // the bank has booked it; its answer never reaches the gateway
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.end(Buffer.concat(chunks));
      });
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  if (process.env.DATABASE_URL) {
    scratchDatabase = await createScratchDatabase(process.env.DATABASE_URL, 'puente_of_sigkill');
    databaseUrl = scratchDatabase.url;
  }
  port = await freePort();
  const create = puente(['merchant', 'create', '--name', 'Tienda SIGKILL', '--json']);
  expect(await finished(create)).toBe(0);
  const text = logs.join('');
  merchant = JSON.parse(text.slice(text.indexOf('{'))) as typeof merchant;
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  proxy?.closeAllConnections();
  proxy?.close();
  await simulator?.close();
  await shortGrants?.close();
  rmSync(dataDir, { recursive: true, force: true });
  await scratchDatabase?.drop();
});

/** `puente serve` (or another command) on this test's data folder, database and proxied simulator. */
function puente(args: string[]): ChildProcess {
  const { child } = runPuente(
    args,
    {
      PORT: String(port),
      PUENTE_PAYMENT_URL: `http://127.0.0.1:${port}`,
      PUENTE_DATA_DIR: dataDir,
      PUENTE_BANK_SIM_EMBEDDED: 'false',
      PUENTE_BANK_SIM_URL: proxyUrl,
      PUENTE_OPEN_FINANCE_BANKS: 'all',
      PUENTE_FUNNEL_SWEEP_SECONDS: '0.5',
      PUENTE_TRANSFER_RECHECK_SECONDS: '0.5',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    logs,
  );
  children.push(child);
  return child;
}

async function finished(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

const serving = (baseUrl: string) => waitUntilServing(baseUrl, logs);

it.each([
  ['before_bank', 'between the recorded payment order and the bank'],
  ['answer', 'between the bank executing the order and the answer being recorded'],
] as const)(
  '%s: a SIGKILL %s ends in exactly one transfer after restart',
  { timeout: 240_000 },
  async (mode, _when) => {
    bank = simulator;
    const baseUrl = `http://127.0.0.1:${port}`;
    const orderId = `OC-OF-SIGKILL-${mode}`;
    const first = puente(['serve']);
    await serving(baseUrl);
    const { token, client, toBank } = await toTheBank(baseUrl, orderId);
    expect(toBank.location).toContain(`${proxyUrl}/banks/cl_bci/open-finance/oauth`);
    const { callbackUrl } = await authorizeAtBank(toBank.location as string, { rut: '11.111.111-1' });

    hold = mode;
    const reached = new Promise<void>((resolve) => {
      held = resolve;
    });
    void client.get(`${callbackUrl.pathname}${callbackUrl.search}`).catch(() => {}); // dies with the gateway
    await Promise.race([
      reached,
      sleep(20_000).then(() => {
        throw new Error(`no payment order reached the proxy:\n${logs.join('')}`);
      }),
    ]);
    first.kill('SIGKILL');
    await finished(first);
    const moved = async () => (await ledger(bank)).filter((entry) => paysOrder(entry, orderId));
    expect(await moved()).toHaveLength(mode === 'answer' ? 1 : 0);

    hold = null;
    const second = puente(['serve']);
    await serving(baseUrl);
    expect(await finalStatusOf(token, 150)).toBe('success');
    expect(await moved()).toHaveLength(1);
    const result = await walkPayment(client, `/session/${token}/result`, {
      bank: 'cl_bci',
      rut: '11.111.111-1',
    });
    expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);

    second.kill('SIGTERM');
    expect(await finished(second)).toBe(0);
  },
);

it('a SIGKILL after the pending payment was recorded, restarted once the payer’s token expired, ends in one transfer', {
  timeout: 240_000,
}, async () => {
  bank = shortGrants;
  const baseUrl = `http://127.0.0.1:${port}`;
  const orderId = 'OC-OF-SIGKILL-expired-grant';
  const first = puente(['serve']);
  await serving(baseUrl);
  const { token, client, toBank } = await toTheBank(baseUrl, orderId);
  // 55.555.555-5: the bank holds the payment `Pending` (8 s here), then books it.
  const { callbackUrl } = await authorizeAtBank(toBank.location as string, { rut: '55.555.555-5' });
  const back = await client.get(`${callbackUrl.pathname}${callbackUrl.search}`);
  expect(back.location).toContain(`/session/${token}`); // the order's answer is recorded
  first.kill('SIGKILL');
  await finished(first);
  expect(await statusOf(token)).toBeNull(); // nobody is serving

  await sleep(3_500); // the payer's access token has expired: the order cannot be sent again
  const second = puente(['serve']);
  await serving(baseUrl);
  expect(await finalStatusOf(token, 300)).toBe('success');
  expect((await ledger(bank)).filter((entry) => paysOrder(entry, orderId))).toHaveLength(1);
  second.kill('SIGTERM');
  expect(await finished(second)).toBe(0);
});

/** A new session of `orderId` for BCI, its payer sent on to the bank ("Continuar en BCI"). */
async function toTheBank(baseUrl: string, orderId: string) {
  const token = await initializeSession(baseUrl, orderId);
  const client = new FunnelClient(baseUrl);
  const page = await client.get(`/session/${token}`);
  const toBank = await client.post(formAction(page.body, 'continue-at-bank') as string, {
    csrf: csrfOf(page.body),
  });
  return { token, client, toBank };
}

/** The payment's status once it is no longer pending (asked every 100 ms, `tries` times at most). */
async function finalStatusOf(token: string, tries: number): Promise<string> {
  let status = 'pending';
  for (let tried = 0; tried < tries && status === 'pending'; tried++) {
    status = (await statusOf(token)) ?? 'missing';
    if (status === 'pending') await sleep(100);
  }
  return status;
}

async function initializeSession(baseUrl: string, orderId: string): Promise<string> {
  const initialized = await fetch(`${baseUrl}/session/initialize`, {
    method: 'POST',
    body: JSON.stringify({
      merchant_code: merchant.merchant_code,
      merchant_api_token: merchant.merchant_api_token,
      merchant_order_id: orderId,
      order_amount: 42_000,
      user_bank_code: 'cl_bci',
      payment_completed_url: 'https://shop.example/ok',
    }),
  });
  return ((await initialized.json()) as { token: string }).token;
}

/** The payment's status through the merchant API, or null when no gateway answers. */
async function statusOf(token: string): Promise<string | null> {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/merchant/check_payment_status`, {
      method: 'POST',
      body: JSON.stringify({ merchant_api_token: merchant.merchant_api_token, session_token: token }),
    });
    return ((await answer.json()) as { payment_status: string }[])[0]?.payment_status ?? 'missing';
  } catch {
    return null;
  }
}
