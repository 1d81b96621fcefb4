import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sleep } from './funnel-client.ts';
import { TEST_SECRET_KEY } from './services.ts';

/** A real `puente` process (tsx, no build), its output captured. */
export interface PuenteProcess {
  child: ChildProcess;
  output: string[];
  exited(): Promise<number | null>;
}

export function runPuente(args: string[], env: Record<string, string>, output: string[] = []): PuenteProcess {
  // `BENCH_NODE_ARGS` (e.g. `--cpu-prof`) lets a benchmark profile the processes it starts.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: join(import.meta.dirname, '../..'),
    env: {
      PATH: process.env.PATH,
      PUENTE_ENV: 'sandbox',
      HOST: '127.0.0.1',
      PUENTE_SECRET_KEY: TEST_SECRET_KEY,
      PUENTE_DEMO_MERCHANT: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return {
    child,
    output,
    exited: () =>
      child.exitCode !== null
        ? Promise.resolve(child.exitCode)
        : new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitUntilServing(
  baseUrl: string,
  output: string[],
  path = '/assets/funnel.css',
): Promise<void> {
  for (let tries = 0; tries < 1800; tries++) {
    try {
      if ((await fetch(`${baseUrl}${path}`)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`the gateway did not start:\n${output.join('')}`);
}

/** `puente merchant create --json` on that database; returns the credentials. */
export async function createMerchantWithCli(
  env: Record<string, string>,
  name: string,
  options: string[] = [],
): Promise<{ merchant_code: string; merchant_api_token: string }> {
  const created = runPuente(
    [
      'merchant',
      'create',
      '--name',
      name,
      '--completed-url',
      'https://shop.example/ok',
      '--cancellation-url',
      'https://shop.example/cancel',
      '--json',
      ...options,
    ],
    env,
  );
  if ((await created.exited()) !== 0) throw new Error(created.output.join(''));
  const text = created.output.join('');
  return JSON.parse(text.slice(text.indexOf('{'))) as { merchant_code: string; merchant_api_token: string };
}
