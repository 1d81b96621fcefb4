/**
 * How fast the sandbox banks are on their own: complete bank flows (login → second factor → accounts →
 * transfer → status) through `SandboxBankConnector` over loopback HTTP, against an in-process simulator
 * with zero delays. Run: `npx tsx bench/bank-simulator.ts [seconds] [concurrency]`.
 */
import { SandboxBankConnector } from '../src/adapters/banks/sandbox-bank-connector.ts';
import { ZERO_DELAYS } from '../src/bank-simulator/options.ts';
import { startBankSimulator } from '../src/bank-simulator/server.ts';
import { BANKS } from '../src/domain/banks.ts';
import type { BankConnector, SecondFactorAnswer } from '../src/ports/bank-connector.ts';

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 16);

const simulator = await startBankSimulator(ZERO_DELAYS);
const connectors = BANKS.map(
  (bank) => new SandboxBankConnector(bank.code, { baseUrl: simulator.url, timeoutMs: 5_000 }),
);

const answerFor = (kind: string): SecondFactorAnswer =>
  kind === 'code'
    ? { kind: 'code', code: '123456' }
    : kind === 'coordinates'
      ? { kind: 'coordinates', values: ['11', '22', '33'] }
      : kind === 'app'
        ? { kind: 'app' }
        : { kind: 'none' };

let flows = 0;
let sequence = 0;
const transferLatencies: number[] = [];

async function oneFlow(bank: BankConnector): Promise<void> {
  const login = await bank.login({ rut: '11.111.111-1', password: '1234' });
  if (login.outcome !== 'ok') throw new Error(`login ${login.outcome}`);
  const factor = await bank.verifySecondFactor(login.handle, answerFor(login.challenge.kind));
  if (factor.outcome !== 'passed') throw new Error(`factor ${factor.outcome}`);
  const accounts = await bank.listAccounts(login.handle);
  if (accounts.outcome !== 'ok') throw new Error(`accounts ${accounts.outcome}`);
  const key = `bench-${++sequence}`;
  const started = performance.now();
  const result = await bank.transfer({
    handle: login.handle,
    accountId: accounts.accounts[0]?.id ?? '',
    amount: 1_000,
    recipient: { account: 'puente:BENCH', name: 'Bench', rut: '76.543.210-3' },
    idempotencyKey: key,
    description: 'bench',
  });
  transferLatencies.push(performance.now() - started);
  if (result.status !== 'completed') throw new Error(`transfer ${result.status}`);
  const status = await bank.transferStatus(key);
  if (status.status !== 'completed') throw new Error(`status ${status.status}`);
  flows++;
}

const deadline = performance.now() + seconds * 1_000;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async (_, worker) => {
    for (let turn = worker; performance.now() < deadline; turn += concurrency) {
      await oneFlow(connectors[turn % connectors.length] as BankConnector);
    }
  }),
);
const elapsed = (performance.now() - started) / 1_000;
const ledger = (await (await fetch(`${simulator.url}/admin/ledger`)).json()) as { entries: unknown[] };
await simulator.close();

transferLatencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  transferLatencies[Math.floor((transferLatencies.length - 1) * p)]?.toFixed(2);
console.log(
  `bank simulator: ${flows} complete bank flows in ${elapsed.toFixed(1)} s = ${(flows / elapsed).toFixed(0)} flows/s ` +
    `(5 HTTP calls each, concurrency ${concurrency}); transfer p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms; ` +
    `ledger entries ${ledger.entries.length}`,
);
if (ledger.entries.length !== flows) throw new Error('ledger does not match the flows');
