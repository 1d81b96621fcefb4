import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/adapters/crypto/password-hash.ts';
import type { Services } from '../../src/composition.ts';
import { buildApp } from '../../src/http/app.ts';
import { createOperator } from '../../src/use-cases/operators/create-operator.ts';
import { MAX_FAILURES_PER_EMAIL } from '../../src/use-cases/operators/operator-sessions.ts';
import { loginOperator, OPERATOR_PASSWORD, postLogin } from '../support/admin.ts';
import { createTestServices } from '../support/services.ts';

let services: Services;
let app: FastifyInstance;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
});
afterAll(async () => {
  await app.close();
  await services.close();
});

function attempt(email: string, password: string) {
  return postLogin(app, email, password);
}

describe('a fresh deployment', () => {
  it('says on the login page how to create the first operator, and stops once there is one', async () => {
    const before = (await app.inject({ method: 'GET', url: '/admin/login' })).body;
    // The gateway's own setup link, not a command that needs the gateway stopped.
    expect(before).toContain('Aún no hay operadores');
    expect(before).toContain('/admin/setup?token=…');
    await createOperator(services, { email: 'first@puente.test', password: OPERATOR_PASSWORD });
    expect((await app.inject({ method: 'GET', url: '/admin/login' })).body).not.toContain(
      'Aún no hay operadores',
    );
  });
});

describe('operators', () => {
  it('store a salted scrypt hash with its parameters, never the password', async () => {
    const { operator, generatedPassword } = await createOperator(services, {
      email: 'Hash@Puente.test',
    });
    expect(operator.email).toBe('hash@puente.test');
    expect(generatedPassword).toMatch(/^[A-Za-z0-9]{24}$/);
    const [row] = await services.db.query<{ password_hash: string }>(
      'select password_hash from operators where email = $1',
      ['hash@puente.test'],
    );
    expect(row?.password_hash).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row?.password_hash).not.toContain(generatedPassword);
    expect(await verifyPassword(generatedPassword ?? '', row?.password_hash ?? '')).toBe(true);
    expect(await verifyPassword('wrong', row?.password_hash ?? '')).toBe(false);
  });

  it('refuse short passwords and duplicate e-mails', async () => {
    await expect(createOperator(services, { email: 'short@puente.test', password: 'short' })).rejects.toThrow(
      /at least 12/,
    );
    await createOperator(services, { email: 'dup@puente.test', password: OPERATOR_PASSWORD });
    await expect(
      createOperator(services, { email: 'DUP@puente.test', password: OPERATOR_PASSWORD }),
    ).rejects.toThrow(/already exists/);
  });
});

describe('login', () => {
  it('sets a Secure, HttpOnly, SameSite=Strict session cookie scoped to /admin, and audits it', async () => {
    await createOperator(services, { email: 'cookie@puente.test', password: OPERATOR_PASSWORD });
    const response = await attempt('cookie@puente.test', OPERATOR_PASSWORD);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin');
    const header = [response.headers['set-cookie']]
      .flat()
      .find((line) => String(line).startsWith('puente_admin='));
    expect(header).toMatch(/^puente_admin=[A-Za-z0-9]{64}; Path=\/admin; HttpOnly; Secure; SameSite=Strict$/);
    // Only the token's hash is stored.
    const token = String(header).slice('puente_admin='.length, 'puente_admin='.length + 64);
    const { hashApiToken } = await import('../../src/adapters/crypto/hash.ts');
    const stored = await services.db.query<{ token_hash: Uint8Array }>(
      'select token_hash from operator_sessions order by id desc limit 1',
    );
    expect(Buffer.from(stored[0]?.token_hash ?? []).equals(hashApiToken(token))).toBe(true);
    const audit = await services.operators.recentAudit(10);
    expect(
      audit.find((entry) => entry.action === 'login' && entry.operatorEmail === 'cookie@puente.test'),
    ).toBeTruthy();
  });

  it('says the same for an unknown e-mail and a wrong password', async () => {
    await createOperator(services, { email: 'same@puente.test', password: OPERATOR_PASSWORD });
    const unknown = await attempt('nobody@puente.test', OPERATOR_PASSWORD);
    const wrong = await attempt('same@puente.test', 'not the password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body.replace(/value="[^"]*"/g, '')).toBe(wrong.body.replace(/value="[^"]*"/g, ''));
  });

  it(`locks an e-mail out after ${MAX_FAILURES_PER_EMAIL} failures, even with the right password`, async () => {
    await createOperator(services, { email: 'limited@puente.test', password: OPERATOR_PASSWORD });
    for (let index = 0; index < MAX_FAILURES_PER_EMAIL; index++) {
      expect((await attempt('limited@puente.test', `wrong ${index}`)).statusCode).toBe(401);
    }
    const locked = await attempt('limited@puente.test', OPERATOR_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['set-cookie'] ?? '').not.toMatch(/puente_admin=[A-Za-z0-9]{64}/);
    // The window passes.
    await services.db.query(
      `update operator_login_attempts set attempted_at = now() - interval '16 minutes' where email = $1`,
      ['limited@puente.test'],
    );
    expect((await attempt('limited@puente.test', OPERATOR_PASSWORD)).statusCode).toBe(303);
  });

  it('counts parallel guesses one by one: a burst cannot get past the limit', async () => {
    await createOperator(services, { email: 'burst@puente.test', password: OPERATOR_PASSWORD });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => attempt('burst@puente.test', `guess ${index}`)),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(MAX_FAILURES_PER_EMAIL);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - MAX_FAILURES_PER_EMAIL);
    const [recorded] = await services.db.query<{ n: number }>(
      'select count(*)::int as n from operator_login_attempts where email = $1',
      ['burst@puente.test'],
    );
    expect(recorded?.n).toBe(MAX_FAILURES_PER_EMAIL);
  });

  it('replaces a hash made at a weaker cost at the next successful login', async () => {
    await createOperator(services, { email: 'old@puente.test', password: OPERATOR_PASSWORD });
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const weak = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync(OPERATOR_PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    await services.db.query('update operators set password_hash = $2 where email = $1', [
      'old@puente.test',
      weak,
    ]);
    expect((await attempt('old@puente.test', OPERATOR_PASSWORD)).statusCode).toBe(303);
    const [row] = await services.db.query<{ password_hash: string }>(
      'select password_hash from operators where email = $1',
      ['old@puente.test'],
    );
    expect(row?.password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect((await attempt('old@puente.test', OPERATOR_PASSWORD)).statusCode).toBe(303);
  });

  it('ends sessions after the idle time', async () => {
    const { cookie, token } = await loginOperator(app, services);
    expect((await app.inject({ method: 'GET', url: '/admin', headers: { cookie } })).statusCode).toBe(200);
    const { hashApiToken } = await import('../../src/adapters/crypto/hash.ts');
    await services.db.query(
      `update operator_sessions set expires_at = now() - interval '1 second' where token_hash = $1`,
      [hashApiToken(token)],
    );
    const after = await app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
    expect(after.statusCode).toBe(303);
    expect(String(after.headers['set-cookie'])).toMatch(/puente_admin=;/);
  });
});
