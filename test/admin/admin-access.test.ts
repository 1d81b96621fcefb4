import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../../src/adapters/crypto/hash.ts';
import type { Services } from '../../src/composition.ts';
import { buildApp, routeTable } from '../../src/http/app.ts';
import { loginOperator } from '../support/admin.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

/**
 * Security floor of the back-office, over EVERY /admin route as the app registered it (so a route added
 * tomorrow is covered without touching this file): no route answers an anonymous, expired, ended or
 * forged session, and no form is accepted without the session's CSRF token.
 */
let services: Services;
let app: FastifyInstance;
let merchantCode: string;
let sessionToken: string;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  const { merchant } = await createTestMerchant(services);
  merchantCode = merchant.code;
  const [row] = await services.db.query<{ token: string }>(
    `insert into payment_sessions (token, merchant_id, merchant_order_id, order_amount, signature_token_sealed, expires_at)
     values ($1, $2, 'OC-1', 1000, 'x', now() + interval '1 hour') returning token`,
    ['S'.repeat(64), merchant.id],
  );
  sessionToken = row?.token ?? '';
});
afterAll(async () => {
  await app.close();
  await services.close();
});

function concrete(url: string): string {
  return url.replace(':code', merchantCode).replace(':token', sessionToken);
}

function protectedRoutes() {
  return routeTable(app).filter((route) => route.url.startsWith('/admin') && !route.public);
}

async function expectRefused(method: string, url: string, cookie?: string) {
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers: cookie ? { cookie, 'content-type': 'application/x-www-form-urlencoded' } : {},
    payload: method === 'GET' || method === 'HEAD' ? undefined : 'csrf=whatever',
  });
  if (method === 'GET' || method === 'HEAD') {
    expect(response.statusCode, `${method} ${url}`).toBe(303);
    expect(response.headers.location).toBe('/admin/login');
  } else {
    expect(response.statusCode, `${method} ${url}`).toBe(401);
  }
  expect(response.body).not.toContain(merchantCode);
}

describe('every /admin route', () => {
  it('is in the route table, and the table holds the expected pages', () => {
    const urls = protectedRoutes().map((route) => `${route.method} ${route.url}`);
    expect(urls).toEqual(
      expect.arrayContaining([
        'GET /admin',
        'GET /admin/merchants',
        'POST /admin/merchants',
        'POST /admin/merchants/:code/rotate-token',
        'GET /admin/payments',
        'GET /admin/payments/:token',
        'GET /admin/payments/export.csv',
        'GET /admin/deliveries',
        'POST /admin/logout',
      ]),
    );
    expect(urls.length).toBeGreaterThan(15);
    const publicUrls = routeTable(app)
      .filter((route) => route.url.startsWith('/admin') && route.public)
      .map((route) => `${route.method} ${route.url}`);
    expect(publicUrls.sort()).toEqual(
      [
        'GET /admin/assets/admin.css',
        'HEAD /admin/assets/admin.css',
        // The language switch only sets a cookie and goes back to a back-office page.
        'GET /admin/language',
        'HEAD /admin/language',
        'GET /admin/login',
        'HEAD /admin/login',
        'POST /admin/login',
        // The first operator's one-time link: its token is the credential.
        'GET /admin/setup',
        'HEAD /admin/setup',
        'POST /admin/setup',
      ].sort(),
    );
  });

  it('refuses an anonymous request', async () => {
    for (const route of protectedRoutes()) await expectRefused(route.method, concrete(route.url));
  });

  it('refuses a forged session cookie', async () => {
    for (const route of protectedRoutes()) {
      await expectRefused(route.method, concrete(route.url), `puente_admin=${'F'.repeat(64)}`);
    }
  });

  it('refuses an expired session', async () => {
    const { cookie, token } = await loginOperator(app, services);
    await services.db.query(
      `update operator_sessions set expires_at = now() - interval '1 second' where token_hash = $1`,
      [hashApiToken(token)],
    );
    for (const route of protectedRoutes()) await expectRefused(route.method, concrete(route.url), cookie);
  });

  it('refuses a session that was logged out', async () => {
    const { cookie, csrf } = await loginOperator(app, services);
    const logout = await app.inject({
      method: 'POST',
      url: '/admin/logout',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `csrf=${csrf}`,
    });
    expect(logout.statusCode).toBe(303);
    for (const route of protectedRoutes()) await expectRefused(route.method, concrete(route.url), cookie);
  });

  it('refuses a session of a deactivated operator', async () => {
    const { cookie, email } = await loginOperator(app, services);
    await services.db.query('update operators set active = false where email = $1', [email]);
    for (const route of protectedRoutes()) await expectRefused(route.method, concrete(route.url), cookie);
  });

  it('answers a live session (GET pages render)', async () => {
    const { cookie } = await loginOperator(app, services);
    for (const route of protectedRoutes().filter((route) => route.method === 'GET')) {
      const response = await app.inject({ method: 'GET', url: concrete(route.url), headers: { cookie } });
      // The second-factor page is for a session that owes a code; this one owes none.
      if (route.url === '/admin/login/second-factor') {
        expect(response.headers.location).toBe('/admin');
        continue;
      }
      expect(response.statusCode, route.url).toBe(200);
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    }
  });
});

describe('every /admin form', () => {
  it('refuses a missing or wrong CSRF token, and changes nothing', async () => {
    const { cookie, csrf } = await loginOperator(app, services);
    const before = await services.db.query(
      'select code, name, active, api_token_hash from merchants order by id',
    );
    const forms = protectedRoutes().filter((route) => route.method === 'POST');
    expect(forms.length).toBeGreaterThan(4);
    for (const route of forms) {
      for (const payload of [
        'name=Hacked&active=false&amount_limit=1',
        `name=Hacked&active=false&amount_limit=1&csrf=${'x'.repeat(csrf.length)}`,
        `name=Hacked&active=false&amount_limit=1&csrf=`,
      ]) {
        const response = await app.inject({
          method: 'POST',
          url: concrete(route.url),
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload,
        });
        expect(response.statusCode, `${route.url} ${payload}`).toBe(403);
      }
    }
    const after = await services.db.query(
      'select code, name, active, api_token_hash from merchants order by id',
    );
    expect(after).toEqual(before);
    // The session survived (logout was refused too).
    const still = await app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
    expect(still.statusCode).toBe(200);
  });

  it("refuses another operator's CSRF token", async () => {
    const first = await loginOperator(app, services);
    const second = await loginOperator(app, services);
    const response = await app.inject({
      method: 'POST',
      url: `/admin/merchants/${merchantCode}/status`,
      headers: { cookie: first.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `active=false&csrf=${second.csrf}`,
    });
    expect(response.statusCode).toBe(403);
  });

  it('refuses a login without the login form token', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a@b.c&password=whatever-long',
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['set-cookie'] ?? '').not.toMatch(/puente_admin=[A-Za-z0-9]{64}/);
  });
});

describe('the /admin scope', () => {
  it('does not leak its auth hook, cookies or headers to other routes', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const funnel = await app.inject({ method: 'GET', url: `/session/${sessionToken}` });
    expect(funnel.statusCode).toBe(200);
    expect(funnel.headers['x-frame-options']).toBeUndefined();
    const api = await app.inject({ method: 'POST', url: '/session/initialize', payload: '{}' });
    expect(api.statusCode).toBe(400);
  });
});
