import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { buildApp } from '../../src/http/app.ts';
import { createOperator } from '../../src/use-cases/operators/create-operator.ts';
import { csrfIn, loginOperator, OPERATOR_PASSWORD, postForm, submitLogin } from '../support/admin.ts';
import { createTestServices } from '../support/services.ts';
import { recoveryCodesIn, secretIn, TestAuthenticator } from '../support/totp.ts';

/**
 * The operators' TOTP second factor through the real app: enrolment with a QR code, the code after the
 * password, replays and wrong codes refused (and counted as failed logins), single-use recovery codes,
 * the admin's reset, and production holding every page until the operator has enrolled.
 */
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

const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

/** Logs in, enrols through the pages and answers the authenticator and the recovery codes shown. */
async function enrolledOperator(role: 'viewer' | 'admin' = 'viewer') {
  const session = await loginOperator(app, services, undefined, role);
  const page = await get(session.cookie, '/admin/security');
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('<svg role="img"');
  const authenticator = new TestAuthenticator(secretIn(page.body));
  const enrolled = await postForm(app, session, '/admin/security/enrol', {
    code: await authenticator.code(),
  });
  expect(enrolled.statusCode).toBe(200);
  return { ...session, authenticator, recoveryCodes: recoveryCodesIn(enrolled.body) };
}

/** The password step alone: a session that still owes its code, and that page's CSRF token. */
async function passwordOnly(email: string) {
  const { cookie } = await submitLogin(app, email);
  const page = await get(cookie, '/admin/login/second-factor');
  expect(page.statusCode).toBe(200);
  return { cookie, csrf: csrfIn(page.body) };
}

async function auditActions(email: string): Promise<string[]> {
  const rows = await services.db.query<{ action: string }>(
    'select action from operator_audit_log where operator_email = $1 order by id',
    [email],
  );
  return rows.map((row) => row.action);
}

describe('enrolment', () => {
  it('shows a QR code and the secret, refuses a wrong code, and stores only sealed and hashed values', async () => {
    const session = await loginOperator(app, services);
    const page = await get(session.cookie, '/admin/security');
    const secret = secretIn(page.body);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toContain('<script');
    // A reload shows the same secret (the one kept until a code confirms it).
    expect(secretIn((await get(session.cookie, '/admin/security')).body)).toBe(secret);

    const wrong = await postForm(app, session, '/admin/security/enrol', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Ese código no corresponde');

    const authenticator = new TestAuthenticator(secret);
    const confirmed = await postForm(app, session, '/admin/security/enrol', {
      code: await authenticator.code(),
    });
    expect(confirmed.statusCode).toBe(200);
    const codes = recoveryCodesIn(confirmed.body);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

    const [row] = await services.db.query<{ totp_secret_sealed: string; role: string }>(
      'select totp_secret_sealed, role from operators where email = $1',
      [session.email],
    );
    expect(row?.totp_secret_sealed).toMatch(/^v1\./);
    expect(row?.totp_secret_sealed).not.toContain(secret);
    const stored = JSON.stringify(await services.db.query('select * from operator_recovery_codes'));
    for (const code of codes) expect(stored).not.toContain(code.replaceAll('-', ''));
    expect(await auditActions(session.email)).toContain('second_factor.enrol');
    // The secret is shown no more.
    const after = await get(session.cookie, '/admin/security');
    expect(after.body).not.toContain(secret);
    expect(after.body).toContain('activo');
  });
});

describe('login with a second factor', () => {
  it('holds every page until the code is given, then opens the back-office', async () => {
    const { email, authenticator } = await enrolledOperator();
    const pending = await passwordOnly(email);
    for (const url of ['/admin', '/admin/payments', '/admin/merchants', '/admin/audit', '/admin/security']) {
      const response = await get(pending.cookie, url);
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toBe('/admin/login/second-factor');
    }
    const form = await postForm(app, pending, '/admin/merchants', { name: 'Colado' });
    expect(form.statusCode).toBe(401);

    const wrong = await postForm(app, pending, '/admin/login/second-factor', { code: '123456' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Código incorrecto o ya usado');
    expect((await get(pending.cookie, '/admin')).statusCode).toBe(303);

    const right = await postForm(app, pending, '/admin/login/second-factor', {
      code: await authenticator.code(),
    });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/admin');
    expect((await get(pending.cookie, '/admin')).statusCode).toBe(200);
    expect(await auditActions(email)).toEqual(
      expect.arrayContaining(['second_factor.failed', 'second_factor.verify']),
    );
  });

  it('refuses a code that was already accepted, even from another session', async () => {
    const { email, authenticator } = await enrolledOperator();
    const code = await authenticator.code();
    const first = await passwordOnly(email);
    expect((await postForm(app, first, '/admin/login/second-factor', { code })).statusCode).toBe(303);
    const second = await passwordOnly(email);
    const replayed = await postForm(app, second, '/admin/login/second-factor', { code });
    expect(replayed.statusCode).toBe(401);
    expect((await get(second.cookie, '/admin')).statusCode).toBe(303);
  });

  it('lets the same code through once when it is sent twice at the same time', async () => {
    const { email, authenticator } = await enrolledOperator();
    const code = await authenticator.code();
    const sessions = [await passwordOnly(email), await passwordOnly(email)];
    const answers = await Promise.all(
      sessions.map((session) => postForm(app, session, '/admin/login/second-factor', { code })),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([303, 401]);
  });

  it('counts wrong codes as failed logins: the sixth try is refused even with the right code', async () => {
    const { email, authenticator } = await enrolledOperator();
    const pending = await passwordOnly(email);
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await postForm(app, pending, '/admin/login/second-factor', { code: '000000' });
      expect(wrong.statusCode).toBe(401);
    }
    const limited = await postForm(app, pending, '/admin/login/second-factor', {
      code: await authenticator.code(),
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Demasiados intentos');
    expect((await get(pending.cookie, '/admin')).statusCode).toBe(303);
    expect(await auditActions(email)).toContain('second_factor.limited');
  });
});

describe('recovery codes', () => {
  it('each opens one session, once, and its use is audited', async () => {
    const { email, recoveryCodes } = await enrolledOperator();
    const [code = '', other = ''] = recoveryCodes;
    const first = await passwordOnly(email);
    // Typed in lower case without dashes: still the same code.
    const used = await postForm(app, first, '/admin/login/second-factor', {
      code: code.toLowerCase().replaceAll('-', ''),
    });
    expect(used.statusCode).toBe(303);
    expect((await get(first.cookie, '/admin')).statusCode).toBe(200);
    const [entry] = await services.db.query<{ details: { recoveryCodesLeft: number } }>(
      `select details from operator_audit_log where operator_email = $1 and action = 'second_factor.recovery_code'`,
      [email],
    );
    expect(entry?.details.recoveryCodesLeft).toBe(9);

    const second = await passwordOnly(email);
    const again = await postForm(app, second, '/admin/login/second-factor', { code });
    expect(again.statusCode).toBe(401);
    expect((await get(second.cookie, '/admin')).statusCode).toBe(303);
    expect((await postForm(app, second, '/admin/login/second-factor', { code: other })).statusCode).toBe(303);
  });
});

describe('reset by an admin', () => {
  it("removes another operator's second factor, ends its sessions, and is audited", async () => {
    const target = await enrolledOperator('viewer');
    const admin = await loginOperator(app, services, undefined, 'admin');
    const list = await get(admin.cookie, '/admin/operators');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`Reiniciar segundo factor de ${target.email}`);
    const reset = await postForm(app, admin, '/admin/operators/reset-second-factor', { email: target.email });
    expect(reset.statusCode).toBe(303);
    // The target's session ended; its next login asks for no code and offers enrolment again.
    expect((await get(target.cookie, '/admin')).headers.location).toBe('/admin/login');
    const { cookie } = await submitLogin(app, target.email);
    expect((await get(cookie, '/admin')).statusCode).toBe(200);
    expect((await get(cookie, '/admin/security')).body).toContain('id="totp-secret"');
    const [row] = await services.db.query<{ operator_email: string; target: string }>(
      `select operator_email, target from operator_audit_log where action = 'operator.reset_second_factor'`,
    );
    expect(row).toEqual({ operator_email: admin.email, target: target.email });
    const codes = await services.db.query(
      'select 1 from operator_recovery_codes r join operators o on o.id = r.operator_id where o.email = $1',
      [target.email],
    );
    expect(codes).toHaveLength(0);
  });
});

describe('in production', () => {
  it('serves no back-office page before the operator has enrolled', async () => {
    const production = await createTestServices();
    production.config.PUENTE_ENV = 'production';
    const prodApp = await buildApp(production, { logger: false });
    try {
      const email = 'nueva@puente.test';
      await createOperator(production, { email, password: OPERATOR_PASSWORD });
      const { cookie } = await submitLogin(prodApp, email);
      const at = (url: string) => prodApp.inject({ method: 'GET', url, headers: { cookie } });
      for (const url of ['/admin', '/admin/payments', '/admin/merchants', '/admin/operators']) {
        const response = await at(url);
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location).toBe('/admin/security');
      }
      const enrolment = await at('/admin/security');
      expect(enrolment.statusCode).toBe(200);
      expect(enrolment.body).toContain('En producción el back-office exige un segundo factor');
      const session = { cookie, csrf: csrfIn(enrolment.body) };
      expect((await postForm(prodApp, session, '/admin/merchants', { name: 'X' })).statusCode).toBe(401);
      const authenticator = new TestAuthenticator(secretIn(enrolment.body));
      const done = await postForm(prodApp, session, '/admin/security/enrol', {
        code: await authenticator.code(),
      });
      expect(done.statusCode).toBe(200);
      expect((await at('/admin')).statusCode).toBe(200);
    } finally {
      await prodApp.close();
      await production.close();
    }
  });
});
