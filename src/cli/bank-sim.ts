import { startBankSimulator } from '../bank-simulator/server.ts';
import { loadConfig } from '../config.ts';

/** `puente bank-sim`: the sandbox bank simulator alone, on `PUENTE_BANK_SIM_PORT`. */
export async function bankSim(): Promise<void> {
  const config = loadConfig();
  const simulator = await startBankSimulator({
    port: config.PUENTE_BANK_SIM_PORT,
    host: config.HOST,
    appApprovalDelayMs: config.PUENTE_BANK_SIM_APPROVAL_DELAY_MS,
    pendingConfirmationDelayMs: config.PUENTE_BANK_SIM_PENDING_DELAY_MS,
    logger: { level: config.LOG_LEVEL },
  });
  const stop = async () => {
    await simulator.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log(
    [
      '',
      `Bank simulator is running at ${simulator.url} (eight sandbox banks, state in memory).`,
      `  ledger:   ${simulator.url}/admin/ledger`,
      `  balances: ${simulator.url}/admin/balances`,
      '  Test payers: docs/sandbox.md (password 1234, code 123456, coordinates 11 22 33).',
    ].join('\n'),
  );
}
