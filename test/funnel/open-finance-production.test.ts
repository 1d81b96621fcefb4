import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulatorStateOf } from '../../src/bank-simulator/app.ts';
import { type RunningBankSimulator, startBankSimulator } from '../../src/bank-simulator/server.ts';
import { enableDirectTransfer, TEST_COLLECTING_ACCOUNT } from '../support/collecting-account.ts';
import { type FunnelHarness, newSession, paysOrder, startFunnelHarness } from '../support/funnel-harness.ts';
import { walkOpenFinancePayment } from '../support/open-finance-walk.ts';

/**
 * A production deployment and a "real" bank: the simulator's model bank served on its own https origin,
 * with a certificate from a test authority and mutual TLS on its back channel (client certificates from the
 * same authority). Puente is registered with it as a PSIP would be (client id, public key, redirect URI)
 * and configured for BCI only through `PUENTE_OPEN_FINANCE_CL_BCI_*`. Keys and certificates are made here
 * with the openssl command line, as docs/open-finance.md tells an operator to.
 */
const dir = mkdtempSync(join(tmpdir(), 'puente-of-production-'));
const file = (name: string) => join(dir, name);
let bank: RunningBankSimulator;
let harness: FunnelHarness;
/** The payer's browser: trusts the test authority, has no client certificate. */
let payerFetch: typeof fetch;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A key and a certificate signed by the test authority. */
function issue(name: string, subject: string, extensions: string): void {
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  openssl('req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`);
  writeFileSync(file(`${name}.ext`), extensions);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  );
}

beforeAll(async () => {
  // prettier-ignore
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-subj',
    '/CN=Banco de Prueba Root CA',
    '-days',
    '2',
    '-out',
    'ca.crt',
  );
  issue('bank', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('puente', '/CN=puente-psip', 'extendedKeyUsage=clientAuth\n');
  // The documented command for Puente's private_key_jwt key.
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'signing.pem');
  const ca = readFileSync(file('ca.crt'), 'utf8');
  bank = await startBankSimulator({
    pendingConfirmationDelayMs: 300,
    tls: {
      key: readFileSync(file('bank.key'), 'utf8'),
      cert: readFileSync(file('bank.crt'), 'utf8'),
      clientCa: ca,
    },
  });
  const payerAgent = new Agent({ connect: { ca } });
  payerFetch = ((url: string, init?: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher: payerAgent })) as unknown as typeof fetch;

  // Registration with the bank: client id, public JWKS, redirect URI.
  const publicJwk = createPublicKey(readFileSync(file('signing.pem'), 'utf8')).export({ format: 'jwk' });
  const registered = await payerFetch(`${bank.url}/admin/open-finance/clients/puente-psip-001`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jwks: { keys: [{ ...publicJwk, kid: 'puente-2026-12', alg: 'ES256', use: 'sig' }] },
      redirect_uris: ['https://pay.puente.example/open-finance/callback'],
    }),
  });
  expect(registered.status).toBe(200);

  const issuer = `${bank.url}/banks/cl_bci/open-finance`;
  harness = await startFunnelHarness(
    {
      PUENTE_ENV: 'production',
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused', // checked by the settings; the harness's own is used
      PUENTE_API_URL: 'https://api.puente.example',
      PUENTE_PAYMENT_URL: 'https://pay.puente.example',
      PUENTE_WEBHOOK_ALLOW_PRIVATE: 'false',
      PUENTE_BANK_TIMEOUT_MS: '20000', // the model bank builds its authorisation server on the first call
      PUENTE_OPEN_FINANCE_CL_BCI_ISSUER: `${issuer}/oauth`,
      PUENTE_OPEN_FINANCE_CL_BCI_PAYMENTS_URL: `${issuer}/pisp`,
      PUENTE_OPEN_FINANCE_CL_BCI_CLIENT_ID: 'puente-psip-001',
      PUENTE_OPEN_FINANCE_CL_BCI_SIGNING_KEY_FILE: file('signing.pem'),
      PUENTE_OPEN_FINANCE_CL_BCI_SIGNING_KEY_ID: 'puente-2026-12',
      PUENTE_OPEN_FINANCE_CL_BCI_MTLS_CERT_FILE: file('puente.crt'),
      PUENTE_OPEN_FINANCE_CL_BCI_MTLS_KEY_FILE: file('puente.key'),
      PUENTE_OPEN_FINANCE_CL_BCI_CA_FILE: file('ca.crt'),
    },
    { environment: 'production' },
  );
  // A production merchant's payments land in its collecting account: without it none could start.
  await enableDirectTransfer(harness.services, harness.merchant.merchant);
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await bank?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a bank with complete settings is offered through open finance and a payment completes, once', async () => {
  expect(harness.services.redirectBanks('cl_bci')?.authorizationOrigin).toBe(new URL(bank.url).origin);
  const session = await newSession(harness);
  const result = await walkOpenFinancePayment(
    harness.baseUrl,
    session.path,
    { bank: 'cl_bci', rut: '11.111.111-1' },
    payerFetch,
  );
  expect(result.callback?.origin).toBe('https://pay.puente.example');
  expect(result.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
  const moved = simulatorStateOf(bank.app)
    .ledger.entries()
    .filter((entry) => paysOrder(entry, session.orderId));
  expect(moved).toHaveLength(1);
  // Paid from BCI into the merchant's collecting account, at its own bank.
  expect(moved[0]).toMatchObject({
    debitBank: 'cl_bci',
    bank: TEST_COLLECTING_ACCOUNT.bankCode,
    creditAccount: TEST_COLLECTING_ACCOUNT.accountNumber,
    amount: 15_990,
  });
});

it('the bank’s back channel refuses a caller without Puente’s client certificate', async () => {
  const token = await payerFetch(`${bank.url}/banks/cl_bci/open-finance/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=payments',
  });
  expect(token.status).toBe(401);
  const payments = await payerFetch(`${bank.url}/banks/cl_bci/open-finance/pisp/domestic-payments/x`);
  expect(payments.status).toBe(401);
});

it('a bank with no settings keeps today’s production behaviour: no open finance, the bank is unavailable', async () => {
  expect(harness.services.redirectBanks('cl_bch')).toBeNull();
  expect(await harness.services.banks('cl_bch').login({ rut: '11.111.111-1', password: '1234' })).toEqual({
    outcome: 'unavailable',
  });
});
