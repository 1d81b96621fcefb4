import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningBankSimulator, startBankSimulator } from '../../src/bank-simulator/server.ts';
import { csrfOf, FunnelClient, formAction, sleep, walkPayment } from '../support/funnel-client.ts';
import { type LedgerEntry, ledger, paysOrder } from '../support/funnel-harness.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';
import { TEST_SECRET_KEY } from '../support/services.ts';

/**
 * The crash the design fears most: the bank executed the transfer, and the gateway died (SIGKILL, no
 * chance to clean up) before recording the answer. A real `puente serve` child process talks to the
 * simulator through a proxy that forwards the transfer, lets the bank execute it, and holds the answer;
 * the child is killed; a new child on the same database must finish the payment by asking the bank
 * (transferStatus), and the ledger must show the money moved exactly once.
 */
let simulator: RunningBankSimulator;
let proxy: Server;
let proxyUrl: string;
let holdTransfers = true;
let transferExecuted: () => void;
const executed = new Promise<void>((resolve) => {
  transferExecuted = resolve;
});
const dataDir = mkdtempSync(join(tmpdir(), 'puente-sigkill-'));
let databaseUrl: string | undefined;
let scratchDatabase: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
const children: ChildProcess[] = [];
const logs: string[] = [];

beforeAll(async () => {
  simulator = await startBankSimulator();
  proxy = createServer((incoming, outgoing) => {
    const target = new URL(incoming.url ?? '/', simulator.url);
    const forward = httpRequest(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        if (holdTransfers && incoming.method === 'POST' && target.pathname.endsWith('/transfers')) {
          transferExecuted(); // the bank has booked it; its answer never reaches the gateway
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
    scratchDatabase = await createScratchDatabase(process.env.DATABASE_URL, 'puente_sigkill');
    databaseUrl = scratchDatabase.url;
  }
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  proxy?.closeAllConnections();
  proxy?.close();
  await simulator?.close();
  rmSync(dataDir, { recursive: true, force: true });
  await scratchDatabase?.drop();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function puente(args: string[], port: number): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: join(import.meta.dirname, '../..'),
    env: {
      PATH: process.env.PATH,
      PUENTE_ENV: 'sandbox',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUENTE_DATA_DIR: dataDir,
      PUENTE_SECRET_KEY: TEST_SECRET_KEY,
      PUENTE_BANK_SIM_EMBEDDED: 'false',
      PUENTE_BANK_SIM_URL: proxyUrl,
      PUENTE_DEMO_MERCHANT: 'false',
      PUENTE_FUNNEL_SWEEP_SECONDS: '0.5',
      PUENTE_TRANSFER_RECHECK_SECONDS: '0.5',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  children.push(child);
  return child;
}

async function finished(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function serving(baseUrl: string): Promise<void> {
  for (let tries = 0; tries < 900; tries++) {
    try {
      if ((await fetch(`${baseUrl}/assets/funnel.css`)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`the gateway did not start:\n${logs.join('')}`);
}

it('finishes a transfer executed by the bank before a SIGKILL by asking the bank, never sending again', {
  timeout: 240_000,
}, async () => {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const create = puente(['merchant', 'create', '--name', 'Tienda SIGKILL', '--json'], port);
  expect(await finished(create)).toBe(0);
  const merchant = JSON.parse(logs.join('').slice(logs.join('').indexOf('{'))) as {
    merchant_code: string;
    merchant_api_token: string;
  };

  const first = puente(['serve'], port);
  await serving(baseUrl);
  const initialized = await fetch(`${baseUrl}/session/initialize`, {
    method: 'POST',
    body: JSON.stringify({
      merchant_code: merchant.merchant_code,
      merchant_api_token: merchant.merchant_api_token,
      merchant_order_id: 'OC-SIGKILL-1',
      order_amount: 42_000,
      payment_completed_url: 'https://shop.example/ok',
    }),
  });
  const { token } = (await initialized.json()) as { token: string };
  const client = new FunnelClient(baseUrl);
  const atConfirmation = await walkPayment(client, `/session/${token}`, {
    bank: 'cl_santander',
    rut: '11.111.111-1',
    stopAtConfirmation: true,
  });
  void client
    .post(formAction(atConfirmation.page, 'approve') as string, { csrf: csrfOf(atConfirmation.page) })
    .catch(() => {}); // the gateway dies with this request open

  await Promise.race([
    executed,
    sleep(20_000).then(() => {
      throw new Error(`no transfer reached the bank:\n${logs.join('')}`);
    }),
  ]);
  first.kill('SIGKILL');
  await finished(first);
  const moved = (entries: LedgerEntry[]) => entries.filter((entry) => paysOrder(entry, 'OC-SIGKILL-1'));
  expect(moved(await ledger(simulator))).toHaveLength(1);

  holdTransfers = false;
  const second = puente(['serve'], port);
  await serving(baseUrl);
  let status = 'pending';
  for (let tries = 0; tries < 100 && status === 'pending'; tries++) {
    const answer = await fetch(`${baseUrl}/merchant/check_payment_status`, {
      method: 'POST',
      body: JSON.stringify({ merchant_api_token: merchant.merchant_api_token, session_token: token }),
    });
    status = ((await answer.json()) as { payment_status: string }[])[0]?.payment_status ?? 'missing';
    if (status === 'pending') await sleep(100);
  }
  expect(status).toBe('success');
  expect(moved(await ledger(simulator))).toHaveLength(1);

  // The payer's browser, coming back, is sent to the merchant with the JWT.
  const result = await walkPayment(client, `/session/${token}/result`, {
    bank: 'cl_santander',
    rut: '11.111.111-1',
  });
  expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);

  second.kill('SIGTERM');
  expect(await finished(second)).toBe(0);
});
