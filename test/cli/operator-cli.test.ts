import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { runCli as runCliOnce } from '../support/cli.ts';
import { childDatabaseEnv } from '../support/database.ts';

let env: Record<string, string>;
// Each call starts a process that opens the database: slow on a busy machine.
const runCli = (args: string[], env: Record<string, string>) => runCliOnce(args, env, 240_000);
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ env, drop } = await childDatabaseEnv(mkdtempSync(join(tmpdir(), 'puente-operator-cli-'))));
  env.PUENTE_SECRET_KEY = 'c'.repeat(64);
});
afterAll(async () => {
  await drop();
});

async function withDatabase<T>(work: (services: Services) => Promise<T>): Promise<T> {
  const services = await openServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

describe('puente operator', { timeout: 900_000 }, () => {
  it('creates the first operator as admin, others with the role given, and resets a second factor', async () => {
    const first = await runCli(['operator', 'create', '--email', 'primera@puente.test'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('primera@puente.test (admin) created');
    const second = await runCli(
      ['operator', 'create', '--email', 'segundo@puente.test', '--role', 'operator'],
      env,
    );
    expect(second.stdout).toContain('(operator) created');
    const wrong = await runCli(['operator', 'create', '--email', 'x@puente.test', '--role', 'root'], env);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('role');

    // The second operator has enrolled a second factor (as the enrolment page leaves it).
    await withDatabase(async (services) => {
      const operator = await services.operators.findByEmail('segundo@puente.test');
      const sealed = services.secretBox.seal('JBSWY3DPEHPK3PXP');
      await services.operators.confirmSecondFactor(operator?.id ?? 0, sealed, 1, [
        services.credentials.hashToken('ABCDABCDABCDABCD'),
      ]);
    });
    const reset = await runCli(['operator', 'reset-mfa', 'Segundo@puente.test'], env);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('Second factor of segundo@puente.test removed');
    await withDatabase(async (services) => {
      const operators = await services.operators.list();
      expect(
        operators.map(({ email, role, secondFactorEnrolled }) => ({ email, role, secondFactorEnrolled })),
      ).toEqual([
        { email: 'primera@puente.test', role: 'admin', secondFactorEnrolled: false },
        { email: 'segundo@puente.test', role: 'operator', secondFactorEnrolled: false },
      ]);
      const [entry] = await services.db.query<{ operator_email: string; target: string }>(
        "select operator_email, target from operator_audit_log where action = 'operator.reset_second_factor'",
      );
      expect(entry?.operator_email).toMatch(/^cli:/);
      expect(entry?.target).toBe('segundo@puente.test');
    });
  });
});
