import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/composition.ts';
import type { OperatorRole } from '../../src/domain/operator-role.ts';
import { createOperator } from '../../src/use-cases/operators/create-operator.ts';

export const OPERATOR_PASSWORD = 'una clave larga y segura';

/** The `name=value` pairs of a response's Set-Cookie headers. */
export function cookiesOf(response: { headers: Record<string, unknown> }): Record<string, string> {
  const header = response.headers['set-cookie'];
  const lines = Array.isArray(header) ? header : header ? [String(header)] : [];
  return Object.fromEntries(
    lines.map((line: string) => {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      return [pair.slice(0, index), pair.slice(index + 1)];
    }),
  );
}

export function csrfIn(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no CSRF field in the page');
  return match[1];
}

/** Opens the login page and sends its form with these credentials; answers the POST's response. */
export async function postLogin(app: FastifyInstance, email: string, password: string) {
  const form = await app.inject({ method: 'GET', url: '/admin/login' });
  return app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: {
      cookie: `puente_admin_login=${cookiesOf(form).puente_admin_login}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({ csrf: csrfIn(form.body), email, password }).toString(),
  });
}

/**
 * Creates an operator (an admin unless a role is given) and logs it in through the real form; returns its
 * cookie header and CSRF token.
 */
export async function loginOperator(
  app: FastifyInstance,
  services: Services,
  email = `ops-${Math.random().toString(36).slice(2)}@puente.test`,
  role: OperatorRole = 'admin',
): Promise<{ cookie: string; csrf: string; email: string; token: string }> {
  await createOperator(services, { email, password: OPERATOR_PASSWORD, role });
  const { cookie, token } = await submitLogin(app, email);
  const dashboard = await app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
  return { cookie, csrf: csrfIn(dashboard.body), email, token };
}

/** Submits the login form with the operator's password; returns the session cookie it set. */
export async function submitLogin(
  app: FastifyInstance,
  email: string,
  password = OPERATOR_PASSWORD,
): Promise<{ cookie: string; token: string }> {
  const login = await postLogin(app, email, password);
  if (login.statusCode !== 303) throw new Error(`login failed: ${login.statusCode}`);
  const token = cookiesOf(login).puente_admin ?? '';
  return { cookie: `puente_admin=${token}`, token };
}

/** Submits a back-office form as the operator of that session. */
export function postForm(
  app: FastifyInstance,
  session: { cookie: string; csrf: string },
  url: string,
  form: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf: session.csrf, ...form }).toString(),
  });
}
