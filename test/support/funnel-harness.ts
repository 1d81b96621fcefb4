import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type RunningBankSimulator, startBankSimulator } from '../../src/bank-simulator/server.ts';
import type { Services } from '../../src/composition.ts';
import { orderIdAfterMark } from '../../src/domain/initiation-mark.ts';
import { buildApp } from '../../src/http/app.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { createPaymentSession } from '../../src/use-cases/create-payment-session.ts';
import { startFunnelSweeper } from '../../src/use-cases/funnel/funnel-sweep.ts';
import type { MerchantCredentials } from '../../src/use-cases/manage-merchants.ts';
import { createTestMerchant, createTestServices } from './services.ts';

/** A listening gateway on a fresh test database, a bank simulator with short delays, and a merchant. */
export interface FunnelHarness {
  services: Services;
  app: FastifyInstance;
  baseUrl: string;
  simulator: RunningBankSimulator;
  merchant: MerchantCredentials;
  close(): Promise<void>;
}

export async function startFunnelHarness(
  env: Record<string, string> = {},
  merchantSettings: Parameters<typeof createTestMerchant>[1] = {},
  simulatorOptions: Parameters<typeof startBankSimulator>[0] = {},
): Promise<FunnelHarness> {
  const simulator = await startBankSimulator({
    appApprovalDelayMs: 100,
    pendingConfirmationDelayMs: 300,
    ...simulatorOptions,
  });
  const services = await createTestServices({
    PUENTE_BANK_SIM_URL: simulator.url,
    PUENTE_BANK_TIMEOUT_MS: '3000',
    PUENTE_TRANSFER_RECHECK_SECONDS: '0.2',
    ...env,
  });
  const app = await buildApp(services, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const merchant = await createTestMerchant(services, merchantSettings);
  const stopSweeper = startFunnelSweeper(funnelDeps(services), 0.1, (error) => {
    throw error;
  });
  return {
    services,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    simulator,
    merchant,
    async close() {
      await stopSweeper();
      await app.close();
      await services.close();
      await simulator.close();
    },
  };
}

let orders = 0;

/** A new payment session of the harness's merchant; returns the path of its payment page. */
export async function newSession(
  harness: FunnelHarness,
  overrides: Partial<Parameters<typeof createPaymentSession>[1]> = {},
): Promise<{ token: string; path: string; signatureToken: string; orderId: string }> {
  const orderId = overrides.merchantOrderId ?? `OC-${process.pid}-${++orders}-${Date.now()}`;
  const created = await createPaymentSession(
    {
      merchants: harness.services.merchants,
      sessions: harness.services.sessions,
      directTransfers: harness.services.directTransfers,
      secretBox: harness.services.secretBox,
      credentials: harness.services.credentials,
      paymentBaseUrl: harness.baseUrl,
      sessionTtlMinutes: 30,
    },
    {
      merchantCode: harness.merchant.merchant.code,
      merchantApiToken: harness.merchant.apiToken,
      merchantOrderId: orderId,
      orderAmount: 15_990,
      customerEmail: null,
      userBankCode: null,
      userRut: null,
      isRutBlock: null,
      metadata: [{ name: 'Pedido', value: orderId, show: true }],
      paymentCompletedUrl: null,
      paymentCancellationUrl: null,
      paymentWebhookUrl: null,
      concat: null,
      ...overrides,
    },
  );
  return {
    token: created.token,
    path: `/session/${created.token}`,
    signatureToken: created.signatureToken,
    orderId,
  };
}

export interface LedgerEntry {
  /** Where it was credited (the recipient's bank); `debit_bank` is the payer's. */
  bank: string;
  debit_bank: string;
  /** The bank's reference of the movement: the statement's movement id. */
  reference: string;
  idempotency_key: string;
  amount: number;
  credit_account: string;
  payer_rut: string;
  description: string;
}

/**
 * Whether a ledger entry pays this merchant order: every transfer Puente sends says `PTE… <order id>` (an
 * open-finance reference is cut at 35 characters, so a long order id shows only its start).
 */
export function paysOrder(entry: { description: string }, orderId: string): boolean {
  const shown = orderIdAfterMark(entry.description);
  if (shown === null) return false;
  return shown === orderId || (entry.description.length === 35 && orderId.startsWith(shown));
}

export async function ledger(simulator: RunningBankSimulator): Promise<LedgerEntry[]> {
  const response = await fetch(`${simulator.url}/admin/ledger`);
  return ((await response.json()) as { entries: LedgerEntry[] }).entries;
}
