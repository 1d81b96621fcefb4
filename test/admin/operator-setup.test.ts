import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { buildApp } from '../../src/http/app.ts';
import { maskUrl } from '../../src/http/operations/logging.ts';
import { createOperator } from '../../src/use-cases/operators/create-operator.ts';
import { issueSetupLink } from '../../src/use-cases/operators/first-operator-setup.ts';
import { cookiesOf, csrfIn, OPERATOR_PASSWORD, postLogin } from '../support/admin.ts';
import { databaseKind } from '../support/database.ts';
import { createTestServices } from '../support/services.ts';

let services: Services;
let app: FastifyInstance;

beforeEach(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
});
afterEach(async () => {
  await app.close();
  await services.close();
});

async function newLink(): Promise<string> {
  const link = await issueSetupLink(services, 30);
  if (!link) throw new Error('no setup link issued');
  return link.token;
}

/** Sends the form of a setup page (as the browser would, with its CSRF cookie), with `fields` changed. */
function postSetupForm(page: LightMyRequestResponse, token: string, fields: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/admin/setup',
    headers: {
      cookie: `puente_admin_setup=${cookiesOf(page).puente_admin_setup}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({
      csrf: csrfIn(page.body),
      token,
      email: 'Primera@Puente.test',
      password: OPERATOR_PASSWORD,
      password_confirmation: OPERATOR_PASSWORD,
      ...fields,
    }).toString(),
  });
}

/** Opens the setup page with `token` and submits its form; answers the POST's response. */
async function submitSetup(token: string, fields: Record<string, string> = {}) {
  const page = await app.inject({ method: 'GET', url: `/admin/setup?token=${token}` });
  expect(page.statusCode).toBe(200);
  return postSetupForm(page, token, fields);
}

async function operatorEmails(): Promise<string[]> {
  return (await services.operators.list()).map((operator) => operator.email);
}

describe(`the first operator's setup link on ${databaseKind()}`, () => {
  it('creates the first operator once, audited, who then logs in; the same link then refuses', async () => {
    const token = await newLink();
    const created = await submitSetup(token);
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/admin/login?created=1');
    expect(await operatorEmails()).toEqual(['primera@puente.test']);
    const [audit] = await services.operators.recentAudit(1);
    expect(audit).toMatchObject({
      action: 'operator.create',
      target: 'primera@puente.test',
      operatorEmail: 'primera@puente.test',
      details: { via: 'setup-link' },
    });
    // No trace of the token in the database: its row is gone.
    expect(await services.db.query('select * from operator_setup_tokens')).toEqual([]);

    const loginPage = await app.inject({ method: 'GET', url: '/admin/login?created=1' });
    expect(loginPage.body).toContain('Operador creado');
    expect(loginPage.body).not.toContain('Aún no hay operadores');
    const login = await postLogin(app, 'primera@puente.test', OPERATOR_PASSWORD);
    expect(login.statusCode).toBe(303);
    const dashboard = await app.inject({
      method: 'GET',
      url: '/admin',
      headers: { cookie: `puente_admin=${cookiesOf(login).puente_admin}` },
    });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('primera@puente.test');

    // The page is gone now, for this link and any other.
    const again = await app.inject({ method: 'GET', url: `/admin/setup?token=${token}` });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Ya hay operadores');
    const replay = await app.inject({
      method: 'POST',
      url: '/admin/setup',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        token,
        email: 'otra@puente.test',
        password: OPERATOR_PASSWORD,
      }).toString(),
    });
    expect(replay.statusCode).toBe(410);
    expect(await operatorEmails()).toEqual(['primera@puente.test']);
    expect(await issueSetupLink(services, 30)).toBeNull();
  });

  it('refuses a wrong token, and an expired one', async () => {
    const token = await newLink();
    const wrong = await app.inject({ method: 'GET', url: `/admin/setup?token=${'x'.repeat(43)}` });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain('Enlace no válido');
    expect(wrong.body).not.toContain('name="password"');
    for (const url of ['/admin/setup', '/admin/setup?token=', `/admin/setup?token=${token}x`]) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(403);
    }
    const forged = await app.inject({
      method: 'POST',
      url: '/admin/setup',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        token: 'y'.repeat(43),
        email: 'intruso@puente.test',
        password: OPERATOR_PASSWORD,
        password_confirmation: OPERATOR_PASSWORD,
      }).toString(),
    });
    expect(forged.statusCode).toBe(403);

    // The form was opened in time but sent after the link expired.
    const page = await app.inject({ method: 'GET', url: `/admin/setup?token=${token}` });
    await services.db.query("update operator_setup_tokens set expires_at = now() - interval '1 second'");
    const late = await postSetupForm(page, token, { email: 'tarde@puente.test' });
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain('El enlace venció');
    expect((await app.inject({ method: 'GET', url: `/admin/setup?token=${token}` })).statusCode).toBe(410);
    expect(await operatorEmails()).toEqual([]);
  });

  it('replaces the previous link at every start', async () => {
    const first = await newLink();
    const second = await newLink();
    expect((await app.inject({ method: 'GET', url: `/admin/setup?token=${first}` })).statusCode).toBe(403);
    expect((await submitSetup(second)).statusCode).toBe(303);
  });

  it('is gone once an operator exists, even one made with the CLI while the link was live', async () => {
    const token = await newLink();
    await createOperator(services, { email: 'cli@puente.test', password: OPERATOR_PASSWORD });
    const page = await app.inject({ method: 'GET', url: `/admin/setup?token=${token}` });
    expect(page.statusCode).toBe(410);
    expect(await issueSetupLink(services, 30)).toBeNull();
    expect(await services.db.query('select * from operator_setup_tokens')).toEqual([]);
  });

  it('keeps the link usable after a form it refuses: bad CSRF, short password, mismatch, bad e-mail', async () => {
    const token = await newLink();
    const noCsrf = await submitSetup(token, { csrf: 'x'.repeat(43) });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.body).toContain('El formulario venció');
    const short = await submitSetup(token, { password: 'corta', password_confirmation: 'corta' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('al menos 12 caracteres');
    expect(short.body).toContain('value="Primera@Puente.test"');
    const mismatch = await submitSetup(token, { password_confirmation: `${OPERATOR_PASSWORD}!` });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('Las contraseñas no coinciden');
    const badEmail = await submitSetup(token, { email: 'no-es-un-correo' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.body).toContain('Escribe un correo válido');
    expect(await operatorEmails()).toEqual([]);
    expect((await submitSetup(token)).statusCode).toBe(303);
  });

  it('creates exactly one operator when the same link is submitted twice at once', async () => {
    const token = await newLink();
    const page = await app.inject({ method: 'GET', url: `/admin/setup?token=${token}` });
    const submit = (email: string) => postSetupForm(page, token, { email });
    const answers = await Promise.all(
      ['una@puente.test', 'otra@puente.test', 'tercera@puente.test'].map(submit),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([303, 410, 410]);
    expect(await operatorEmails()).toHaveLength(1);
  });

  it('never writes the token into the request log', () => {
    expect(maskUrl('/admin/setup?token=abcdef')).toBe('/admin/setup?[redacted]');
  });
});
