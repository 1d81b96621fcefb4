import { SandboxBankConnector } from '../../src/adapters/banks/sandbox-bank-connector.ts';
import { startTestBankSimulator } from '../support/bank-simulator.ts';
import { bankConnectorContract } from './bank-connector-contract.ts';

const PENDING_DELAY = 1_500;

bankConnectorContract('SandboxBankConnector over HTTP to the bank simulator', async () => {
  const simulator = await startTestBankSimulator({
    appApprovalDelayMs: 50,
    pendingConfirmationDelayMs: PENDING_DELAY,
  });
  return {
    connector: (code) => new SandboxBankConnector(code, { baseUrl: simulator.url, timeoutMs: 10_000 }),
    bookedEntries: async (code, key) =>
      (await simulator.ledger(code)).filter((entry) => entry.idempotency_key === key),
    waitForPendingConfirmation: () => new Promise((resolve) => setTimeout(resolve, PENDING_DELAY + 20)),
    blockAccount: (code, accountId) => simulator.patchAccount(code, accountId, { blocked: true }),
    reset: () => simulator.reset(),
    close: () => simulator.close(),
  };
});
