import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SandboxBankConnector } from '../../src/adapters/banks/sandbox-bank-connector.ts';
import { type RunningBankSimulator, startBankSimulator } from '../../src/bank-simulator/server.ts';
import { testCreditor } from '../support/creditor.ts';

// Distinctive secrets, so that a hit in the captured text can only come from them.
const WRONG_PASSWORD = 'Clave-Secreta-8472';
const WRONG_CODE = '918273';
const WRONG_COORDINATES = ['74', '85', '96'];

let simulator: RunningBankSimulator;
let logs = '';
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  simulator = await startBankSimulator({ appApprovalDelayMs: 0, logger: { level: 'trace', stream } });
});
afterAll(() => simulator.close());

it('passwords, codes and coordinates reach neither the logs nor the ledger, balances or any answer', async () => {
  const answers: unknown[] = [];
  for (const code of ['cl_santander', 'cl_bch'] as const) {
    const bank = new SandboxBankConnector(code, { baseUrl: simulator.url, timeoutMs: 10_000 });
    answers.push(await bank.login({ rut: '11.111.111-1', password: WRONG_PASSWORD }));
    const login = await bank.login({ rut: '11.111.111-1', password: '1234' });
    answers.push(login);
    if (login.outcome !== 'ok') throw new Error(login.outcome);
    answers.push(
      login.challenge.kind === 'code'
        ? await bank.verifySecondFactor(login.handle, { kind: 'code', code: WRONG_CODE })
        : await bank.verifySecondFactor(login.handle, { kind: 'coordinates', values: WRONG_COORDINATES }),
    );
    answers.push(
      login.challenge.kind === 'code'
        ? await bank.verifySecondFactor(login.handle, { kind: 'code', code: '123456' })
        : await bank.verifySecondFactor(login.handle, { kind: 'coordinates', values: ['11', '22', '33'] }),
    );
    const accounts = await bank.listAccounts(login.handle);
    if (accounts.outcome !== 'ok') throw new Error(accounts.outcome);
    answers.push(
      await bank.transfer({
        handle: login.handle,
        accountId: accounts.accounts[0]?.id ?? '',
        amount: 1_000,
        recipient: testCreditor(),
        idempotencyKey: `secret-test-${code}`,
        description: 'OC-1',
      }),
    );
  }
  const admin = await Promise.all(
    ['/admin/ledger', '/admin/balances'].map(async (path) => (await fetch(`${simulator.url}${path}`)).text()),
  );
  const everything = [logs, JSON.stringify(answers), ...admin].join('\n');
  expect(logs).toContain('/banks/cl_santander/login'); // the capture works
  for (const secret of [WRONG_PASSWORD, WRONG_CODE, WRONG_COORDINATES.join(''), '"password"', '"code":']) {
    expect(everything).not.toContain(secret);
  }
  expect(everything).not.toMatch(/"values"/);
  // The bank session is a bearer header, never part of a logged URL.
  const handles = answers.flatMap((answer) =>
    typeof answer === 'object' && answer && 'handle' in answer ? [String(answer.handle)] : [],
  );
  expect(handles).toHaveLength(2);
  for (const handle of handles) expect(logs).not.toContain(handle);
});
