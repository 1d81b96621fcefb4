import type { Config } from '../../config.ts';
import type { BankCode } from '../../domain/banks.ts';
import type { BankConnector, BankConnectors } from '../../ports/bank-connector.ts';
import { SandboxBankConnector, type SandboxBankConnectorOptions } from './sandbox-bank-connector.ts';
import { UnavailableBankConnector } from './unavailable-bank-connector.ts';

/** One sandbox connector per bank code, built once and reused (they hold no per-payer state). */
export function sandboxBankConnectors(options: SandboxBankConnectorOptions): BankConnectors {
  const built = new Map<BankCode, BankConnector>();
  return (code) => {
    let connector = built.get(code);
    if (!connector) {
      connector = new SandboxBankConnector(code, options);
      built.set(code, connector);
    }
    return connector;
  };
}

/**
 * The connectors of this deployment: in sandbox, every bank is the simulator at `PUENTE_BANK_SIM_URL`.
 * In production no real bank adapter exists yet, so every bank answers `unavailable` rather than pretend.
 */
export function bankConnectorsFor(config: Config): BankConnectors {
  if (config.PUENTE_ENV === 'sandbox') {
    return sandboxBankConnectors({
      baseUrl: config.PUENTE_BANK_SIM_URL,
      timeoutMs: config.PUENTE_BANK_TIMEOUT_MS,
    });
  }
  return (code) => new UnavailableBankConnector(code);
}
