import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
});

it('`puente bank-sim` runs the simulator alone and prints its URL', async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'bank-sim'], {
    env: { ...process.env, PUENTE_BANK_SIM_PORT: '0', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child?.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child?.on('exit', (code) => reject(new Error(`bank-sim exited with ${code}: ${output}`)));
  });
  const health = await (await fetch(`${url}/health`)).json();
  expect(health).toMatchObject({ status: 'ok', banks: expect.arrayContaining(['cl_test', 'cl_bch']) });
  const exited = new Promise((resolve) => child?.on('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
