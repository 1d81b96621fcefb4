import type { BankSimulatorOptions } from '../../src/bank-simulator/options.ts';
import { type RunningBankSimulator, startBankSimulator } from '../../src/bank-simulator/server.ts';
import type { BankCode } from '../../src/domain/banks.ts';

/** A ledger entry as the simulator's admin API shows it. */
export interface SimulatorLedgerEntry {
  sequence: number;
  bank: BankCode;
  reference: string;
  idempotency_key: string;
  debit_account: string;
  credit_account: string;
  amount: number;
  payer_rut: string;
  description: string;
  booked_at: string;
}

export interface TestBankSimulator extends RunningBankSimulator {
  /** Settings to pass to `createTestServices(env)` so `services.banks` talk to this simulator. */
  env: { PUENTE_BANK_SIM_URL: string };
  ledger(bank?: BankCode): Promise<SimulatorLedgerEntry[]>;
  balances(bank?: BankCode): Promise<{
    payer_accounts: { bank: BankCode; id: string; holder_rut: string; balance: number; blocked: boolean }[];
    recipient_accounts: { bank: BankCode; account: string; balance: number }[];
  }>;
  /** Faults of DESIGN §4 for one bank (see `src/bank-simulator/faults.ts`); `{}` clears them. */
  setFaults(bank: BankCode, faults: Record<string, unknown>): Promise<void>;
  reset(): Promise<void>;
}

/**
 * A real bank simulator listening on a random loopback port, driven through its admin API like any
 * client would. Short delays by default so tests do not wait; pass options to change them.
 */
export async function startTestBankSimulator(options: BankSimulatorOptions = {}): Promise<TestBankSimulator> {
  const running = await startBankSimulator({
    appApprovalDelayMs: 50,
    pendingConfirmationDelayMs: 200,
    maxHangMs: 5_000,
    ...options,
  });
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`simulator admin ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    ...running,
    env: { PUENTE_BANK_SIM_URL: running.url },
    ledger: async (bank) =>
      (
        (await admin('GET', `/admin/ledger${bank ? `?bank=${bank}` : ''}`)) as {
          entries: SimulatorLedgerEntry[];
        }
      ).entries,
    balances: async (bank) => admin('GET', `/admin/balances${bank ? `?bank=${bank}` : ''}`),
    setFaults: async (bank, faults) => {
      await admin('PUT', `/admin/banks/${bank}/faults`, faults);
    },
    reset: async () => {
      await admin('POST', '/admin/reset', {});
    },
  };
}
