import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childDatabaseEnv } from '../support/database.ts';
import { freePort, waitUntilServing } from '../support/puente-process.ts';
import { TEST_SECRET_KEY } from '../support/services.ts';

const ROOT = join(import.meta.dirname, '..', '..');
// Inside the checkout (so the compiled code finds node_modules), apart from a developer's own dist/.
const OUT = join('test-results', `build-${process.pid}`);

afterAll(() => rmSync(join(ROOT, OUT), { recursive: true, force: true }));

describe('npm run build', () => {
  it('compiles the gateway to JavaScript that node runs without tsx, assets included', {
    timeout: 900_000,
  }, async () => {
    const build = spawnSync(process.execPath, ['scripts/build.js', OUT], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);

    const { env, drop } = await childDatabaseEnv(mkdtempSync(join(tmpdir(), 'puente-build-')));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const output: string[] = [];
    // Plain node: a `.ts` file reached at run time would fail to load.
    const child = spawn(process.execPath, [join(OUT, 'src/cli/main.js'), 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ...env,
        PORT: String(port),
        PUENTE_API_URL: base,
        PUENTE_SECRET_KEY: TEST_SECRET_KEY,
        PUENTE_BANK_SIM_PORT: '0',
        PUENTE_DEMO_SHOP_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    try {
      await waitUntilServing(base, output);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      // Files read from disk at run time were copied next to the compiled code.
      for (const asset of [
        '/assets/puente-widget.js',
        '/assets/puente-bank-buttons.js',
        '/assets/puente-frame.js',
      ]) {
        expect((await fetch(`${base}${asset}`)).status, asset).toBe(200);
      }
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await drop();
    }
  });
});
