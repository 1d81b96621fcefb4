import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/adapters/sql/migrations/index.ts';
import type { Services } from '../../src/composition.ts';
import { buildApp, routeTable } from '../../src/http/app.ts';
import { loginOperator, postForm } from '../support/admin.ts';
import { commitFinalPayment } from '../support/final-payment.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

/**
 * Roles through the real app, over every /admin route as registered: a viewer reads and changes nothing,
 * an operator also resends webhooks (settling reviews: payment-review.test.ts), an admin does the rest.
 */
let services: Services;
let app: FastifyInstance;
let merchantCode: string;
let paymentToken: string;
let deliveryId: string;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  const { merchant } = await createTestMerchant(services);
  merchantCode = merchant.code;
  const { session } = await commitFinalPayment(services, {
    merchantId: merchant.id,
    webhookUrl: 'https://shop.example/webhook',
  });
  paymentToken = session.token;
  const [delivery] = await services.db.query<{ id: string | number }>(
    'select d.id from webhook_deliveries d join webhook_events e on e.id = d.event_id where e.session_id = $1',
    [session.id],
  );
  deliveryId = String(delivery?.id);
});
afterAll(async () => {
  await app.close();
  await services.close();
});

const concrete = (url: string) => url.replace(':code', merchantCode).replace(':token', paymentToken);
const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
/** A form each change route would accept from an admin. */
const formFor = (url: string): Record<string, string> =>
  ({
    '/admin/deliveries/resend': { only: deliveryId },
    '/admin/merchants/:code/status': { active: 'false' },
    '/admin/payments/:token/review': { decision: 'paid', note: 'nota' },
  })[url] ?? {};
/** Routes every role uses on itself (its own session and second factor). */
const OWN = ['/admin/logout', '/admin/login/second-factor', '/admin/security/enrol'];

function changeRoutes() {
  return routeTable(app).filter(
    (route) =>
      route.url.startsWith('/admin') && !route.public && route.method === 'POST' && !OWN.includes(route.url),
  );
}

async function merchantsAndOperators() {
  return services.db.query(
    `select (select json_agg(m order by m.id) from merchants m) as merchants,
            (select json_agg(json_build_object('email', o.email, 'role', o.role) order by o.id) from operators o) as operators`,
  );
}

describe('a viewer', () => {
  it('reads every page, sees no form it cannot use, and every change is refused with a 403 page', async () => {
    const viewer = await loginOperator(app, services, undefined, 'viewer');
    const pages = routeTable(app).filter(
      (route) => route.url.startsWith('/admin') && !route.public && route.method === 'GET',
    );
    for (const route of pages) {
      const response = await get(viewer.cookie, concrete(route.url));
      if (['/admin/merchants/new', '/admin/operators'].includes(route.url)) {
        expect(response.statusCode, route.url).toBe(403);
      } else {
        expect(response.statusCode, route.url).toBeLessThan(400);
      }
    }
    const merchant = (await get(viewer.cookie, `/admin/merchants/${merchantCode}`)).body;
    for (const control of ['Suspender', 'Emitir nuevo token', 'Guardar cambios']) {
      expect(merchant).not.toContain(control);
    }
    expect((await get(viewer.cookie, '/admin/merchants')).body).not.toContain('Nuevo comercio');
    expect((await get(viewer.cookie, `/admin/payments/${paymentToken}`)).body).not.toContain('Reenviar');
    expect((await get(viewer.cookie, '/admin')).body).not.toContain('href="/admin/operators"');

    const before = await merchantsAndOperators();
    const forms = changeRoutes();
    expect(forms.length).toBeGreaterThanOrEqual(8);
    for (const route of forms) {
      const response = await postForm(app, viewer, concrete(route.url), formFor(route.url));
      expect(response.statusCode, route.url).toBe(403);
      expect(response.body).toContain('Sin permiso');
      expect(response.body).toContain('Tu rol (Lector) no permite esta acción');
    }
    expect(await merchantsAndOperators()).toEqual(before);
  });
});

describe('an operator', () => {
  it('resends webhooks, and may not manage merchants or operators', async () => {
    const operator = await loginOperator(app, services, undefined, 'operator');
    expect((await get(operator.cookie, `/admin/payments/${paymentToken}`)).body).toContain('Reenviar');
    expect((await get(operator.cookie, `/admin/merchants/${merchantCode}`)).body).not.toContain('Suspender');
    const resent = await postForm(app, operator, '/admin/deliveries/resend', { only: deliveryId });
    expect(resent.statusCode).toBe(303);
    const allowed = ['/admin/deliveries/resend', '/admin/payments/:token/review'];
    for (const route of changeRoutes().filter((route) => !allowed.includes(route.url))) {
      const response = await postForm(app, operator, concrete(route.url), formFor(route.url));
      expect(response.statusCode, route.url).toBe(403);
      expect(response.body).toContain('Tu rol (Operador) no permite esta acción');
    }
    expect((await get(operator.cookie, '/admin/operators')).statusCode).toBe(403);
  });
});

describe('an admin', () => {
  it('manages merchants and changes roles (audited), which apply at the next request; not its own', async () => {
    const admin = await loginOperator(app, services, undefined, 'admin');
    const viewer = await loginOperator(app, services, undefined, 'viewer');
    const page = await get(admin.cookie, '/admin/operators');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(viewer.email);
    expect((await get(admin.cookie, '/admin')).body).toContain('href="/admin/operators"');

    expect((await postForm(app, viewer, '/admin/deliveries/resend', { only: deliveryId })).statusCode).toBe(
      403,
    );
    const changed = await postForm(app, admin, '/admin/operators/role', {
      email: viewer.email,
      role: 'operator',
    });
    expect(changed.statusCode).toBe(303);
    expect((await postForm(app, viewer, '/admin/deliveries/resend', { only: deliveryId })).statusCode).toBe(
      303,
    );
    const [entry] = await services.db.query<{ operator_email: string; target: string; details: object }>(
      `select operator_email, target, details from operator_audit_log where action = 'operator.role'`,
    );
    expect(entry).toEqual({
      operator_email: admin.email,
      target: viewer.email,
      details: { from: 'viewer', to: 'operator' },
    });

    const own = await postForm(app, admin, '/admin/operators/role', { email: admin.email, role: 'viewer' });
    expect(own.statusCode).toBe(400);
    const unknown = await postForm(app, admin, '/admin/operators/role', {
      email: viewer.email,
      role: 'root',
    });
    expect(unknown.statusCode).toBe(400);
    const suspended = await postForm(app, admin, `/admin/merchants/${merchantCode}/status`, {
      active: 'false',
    });
    expect(suspended.statusCode).toBeLessThan(400);
    expect((await services.merchants.findByCode(merchantCode))?.active).toBe(false);
  });
});

describe('migration 012', () => {
  it('makes the operators that existed before it admins; later ones get the least role', async () => {
    // The operator tables as migration 004 made them, in a schema of their own, then 012 over them.
    const before = MIGRATIONS.find((migration) => migration.version === 4)?.sql ?? '';
    const tables = before
      .replace(/--.*$/gm, '')
      .split(';')
      .filter((statement) => /create table operator(s|_sessions) /.test(statement))
      .join(';');
    const rows = await services.db.transaction(async (tx) => {
      await tx.exec('create schema before_012; set local search_path = before_012');
      await tx.exec(tables);
      await tx.query(`insert into operators (email, password_hash) values ('antes@puente.test', 'x')`);
      await tx.exec(MIGRATIONS.find((migration) => migration.version === 12)?.sql ?? '');
      await tx.query(`insert into operators (email, password_hash) values ('despues@puente.test', 'x')`);
      const found = await tx.query('select email, role from operators order by id');
      await tx.exec('set local search_path = public; drop schema before_012 cascade');
      return found;
    });
    expect(rows).toEqual([
      { email: 'antes@puente.test', role: 'admin' },
      { email: 'despues@puente.test', role: 'viewer' },
    ]);
  });
});
