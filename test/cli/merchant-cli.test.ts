import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { runCli } from '../support/cli.ts';
import { childDatabaseEnv } from '../support/database.ts';

let env: Record<string, string>;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ env, drop } = await childDatabaseEnv(mkdtempSync(join(tmpdir(), 'puente-cli-'))));
  env.PUENTE_SECRET_KEY = 'b'.repeat(64);
});

afterAll(async () => {
  await drop();
});

describe('puente merchant', { timeout: 120_000 }, () => {
  it('creates, lists, updates, suspends and rotates a merchant', async () => {
    const created = await runCli(
      [
        'merchant',
        'create',
        '--name',
        'Librería Austral',
        '--webhook-url',
        'https://libreria.example/hook',
        '--amount-limit',
        '750000',
        '--json',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const merchant = JSON.parse(created.stdout);
    expect(merchant).toMatchObject({
      name: 'Librería Austral',
      environment: 'sandbox',
      webhook_url: 'https://libreria.example/hook',
      amount_limit: 750000,
      active: true,
    });
    expect(merchant.merchant_code).toMatch(/^sbx_[a-z0-9]{16}$/);
    expect(merchant.merchant_api_token).toMatch(/^[A-Za-z0-9]{64}$/);

    const listed = JSON.parse((await runCli(['merchant', 'list', '--json'], env)).stdout);
    expect(listed).toHaveLength(1);
    expect(listed[0].merchant_code).toBe(merchant.merchant_code);
    expect(JSON.stringify(listed)).not.toContain(merchant.merchant_api_token);

    const updated = await runCli(
      [
        'merchant',
        'update',
        merchant.merchant_code,
        '--name',
        'Librería del Sur',
        '--suspend',
        '--webhook-url',
        '',
        '--json',
      ],
      env,
    );
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({
      name: 'Librería del Sur',
      active: false,
      webhook_url: null,
    });

    const rotated = await runCli(['merchant', 'rotate-token', merchant.merchant_code, '--json'], env);
    const fresh = JSON.parse(rotated.stdout);
    expect(fresh.merchant_code).toBe(merchant.merchant_code);
    expect(fresh.merchant_api_token).not.toBe(merchant.merchant_api_token);

    // Every one of those actions is in the audit log, under the system user who ran the CLI.
    const services = await openServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    try {
      const audit = await services.db.query<{ action: string; operator_email: string; target: string }>(
        "select action, operator_email, target from operator_audit_log where operator_email like 'cli:%' order by id",
      );
      expect(audit.map((row) => row.action)).toEqual(
        expect.arrayContaining(['merchant.create', 'merchant.suspend', 'merchant.rotate_token']),
      );
      expect(audit.every((row) => row.target === merchant.merchant_code)).toBe(true);
    } finally {
      await services.close();
    }
  });

  it('explains bad input and exits non-zero', async () => {
    const badEnv = await runCli(['merchant', 'create', '--name', 'X', '--env', 'staging'], env);
    expect(badEnv.code).not.toBe(0);
    expect(badEnv.stderr).toContain('sandbox or production');
    const unknown = await runCli(['merchant', 'update', 'sbx_nobody', '--name', 'X'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no merchant has the code sbx_nobody');
    const badUrl = await runCli(
      ['merchant', 'create', '--name', 'X', '--env', 'production', '--webhook-url', 'http://x.example/h'],
      env,
    );
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain('https');
  });

  it('refuses to start with a bad setting, naming it', async () => {
    const result = await runCli(['merchant', 'list'], {
      ...env,
      PORT: 'eighty',
      PUENTE_SESSION_TTL_MINUTES: '-1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('PUENTE_SESSION_TTL_MINUTES');
  });
});
