import { type BankSimulator, buildBankSimulator } from './app.ts';
import type { BankSimulatorOptions } from './options.ts';

export interface RunningBankSimulator {
  app: BankSimulator;
  /** e.g. `http://127.0.0.1:8081`: what `PUENTE_BANK_SIM_URL` should say. */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds and starts the simulator on `host:port` (port 0 picks a free one). Used by `puente bank-sim`,
 * by `npm start` in sandbox, by tests and by the bench (no options = no delays beyond the test payers').
 */
export async function startBankSimulator(
  options: BankSimulatorOptions & { port?: number; host?: string } = {},
): Promise<RunningBankSimulator> {
  const app = await buildBankSimulator(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const scheme = options.tls ? 'https' : 'http';
  return {
    app,
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => app.close(),
  };
}
