/**
 * How fast the sandbox banks are on their own: complete bank flows (login → second factor → accounts →
 * transfer → status) through `SandboxBankConnector` over loopback HTTP, against a simulator with zero
 * delays in the same process. `npm run bench bank-simulator` (BENCH_SECONDS, BENCH_CONNECTIONS).
 */
import { SandboxBankConnector } from '../src/adapters/banks/sandbox-bank-connector.ts';
import { simulatorStateOf } from '../src/bank-simulator/app.ts';
import { ZERO_DELAYS } from '../src/bank-simulator/options.ts';
import { startBankSimulator } from '../src/bank-simulator/server.ts';
import { BANKS } from '../src/domain/banks.ts';
import { SANDBOX_CREDITOR_RUT } from '../src/domain/creditor.ts';
import type {
  BankConnector,
  SecondFactorAnswer,
  SecondFactorChallenge,
} from '../src/ports/bank-connector.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 16);

function answerFor(challenge: SecondFactorChallenge): SecondFactorAnswer {
  switch (challenge.kind) {
    case 'code':
      return { kind: 'code', code: '123456' };
    case 'coordinates':
      return { kind: 'coordinates', values: ['11', '22', '33'] };
    default:
      return { kind: challenge.kind };
  }
}

/** One payer's way through a bank; returns the transfer call's latency in ms. */
async function oneFlow(bank: BankConnector, key: string): Promise<number> {
  const login = await bank.login({ rut: '11.111.111-1', password: '1234' });
  if (login.outcome !== 'ok') throw new Error(`login ${login.outcome}`);
  const factor = await bank.verifySecondFactor(login.handle, answerFor(login.challenge));
  if (factor.outcome !== 'passed') throw new Error(`factor ${factor.outcome}`);
  const accounts = await bank.listAccounts(login.handle);
  if (accounts.outcome !== 'ok') throw new Error(`accounts ${accounts.outcome}`);
  const started = performance.now();
  const result = await bank.transfer({
    handle: login.handle,
    accountId: accounts.accounts[0]?.id ?? '',
    amount: 1_000,
    recipient: {
      bankCode: 'cl_test',
      accountType: 'corriente',
      accountNumber: '0000000001',
      holderName: 'Bench',
      holderRut: SANDBOX_CREDITOR_RUT,
    },
    idempotencyKey: key,
    description: 'bench',
  });
  const latency = performance.now() - started;
  if (result.status !== 'completed') throw new Error(`transfer ${result.status}`);
  const status = await bank.transferStatus(key);
  if (status.status !== 'completed') throw new Error(`status ${status.status}`);
  return latency;
}

export async function benchBankSimulator(): Promise<void> {
  console.log(`\nBank simulator — ${SECONDS} s, ${CONCURRENCY} payers at once, every bank in turn`);
  const simulator = await startBankSimulator(ZERO_DELAYS);
  const connectors = BANKS.map(
    (bank) => new SandboxBankConnector(bank.code, { baseUrl: simulator.url, timeoutMs: 10_000 }),
  );
  const latencies: number[] = [];
  let sequence = 0;
  const deadline = performance.now() + SECONDS * 1_000;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        for (let turn = worker; performance.now() < deadline; turn += CONCURRENCY) {
          const bank = connectors[turn % connectors.length] as BankConnector;
          latencies.push(await oneFlow(bank, `bench-${++sequence}`));
        }
      }),
    );
  } finally {
    await simulator.close();
  }
  const elapsed = (performance.now() - started) / 1_000;
  const entries = simulatorStateOf(simulator.app).ledger.entries().length;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => (latencies[Math.floor((latencies.length - 1) * p)] ?? 0).toFixed(1);
  console.log(
    `  ${latencies.length} complete bank flows (5 HTTP calls each) = ${(latencies.length / elapsed).toFixed(0)} flows/s; ` +
      `transfer call p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms; ledger entries ${entries}`,
  );
  if (entries !== latencies.length) throw new Error('the ledger does not match the flows');
}
