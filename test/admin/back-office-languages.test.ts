import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { LABEL_TABLES } from '../../src/http/admin/labels.ts';
import { ADMIN_MESSAGES, adminText, type Language } from '../../src/http/admin/messages.ts';
import { replicaNote } from '../../src/http/admin/replica-note.ts';
import { buildApp } from '../../src/http/app.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { applyStep } from '../../src/use-cases/funnel/apply-step.ts';
import { issueSetupLink } from '../../src/use-cases/operators/first-operator-setup.ts';
import { cookiesOf, csrfIn, loginOperator, OPERATOR_PASSWORD, submitLogin } from '../support/admin.ts';
import { commitFinalPayment } from '../support/final-payment.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';
import { storeSession } from '../support/stored-session.ts';
import { secretIn, TestAuthenticator } from '../support/totp.ts';

/**
 * Every back-office page in one language shows none of the other language's texts: every catalogue entry
 * and every label whose two languages differ is looked for in the page's text nodes and accessible names.
 */
let services: Services;
let app: FastifyInstance;
let session: { cookie: string; csrf: string; email: string };
let viewer: { cookie: string };
/** A deployment without operators yet, for the setup link's pages. */
let bare: Services;
let bareApp: FastifyInstance;
let setupToken: string;
let merchantCode: string;
let paidToken: string;
let reviewToken: string;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  session = await loginOperator(app, services);
  viewer = await loginOperator(app, services, 'lector@puente.test', 'viewer');
  bare = await createTestServices();
  bareApp = await buildApp(bare, { logger: false });
  const link = await issueSetupLink(bare, 30);
  if (!link) throw new Error('no setup link');
  setupToken = link.token;
  const { merchant } = await createTestMerchant(services, { name: 'Tienda Lenguas' });
  merchantCode = merchant.code;
  // A paid payment whose webhook failed for good (a row of the deliveries page and a card with attempts).
  const paid = await commitFinalPayment(services, {
    merchantId: merchant.id,
    webhookUrl: 'https://shop.example/hook',
    userRut: '11111111-1',
  });
  paidToken = paid.session.token;
  await services.db.query(
    `update webhook_deliveries set status = 'failed', failure_reason = 'exhausted', attempt_count = 1,
            last_status_code = 500, last_error = null, next_attempt_at = null
      where event_id in (select id from webhook_events where session_id = $1)`,
    [paid.session.id],
  );
  // A transfer the bank lost: the review card.
  const lost = await storeSession(services, merchant.id, { orderAmount: 12_345, userBankCode: 'cl_test' });
  reviewToken = lost.token;
  const applied = await applyStep(funnelDeps(services), lost.id, {
    event: 'choose_bank',
    changes: { bankCode: 'cl_test' },
    userRut: '11111111-1',
    followedBy: [
      'login_succeeded',
      'second_factor_passed',
      'account_chosen',
      'transfer_submitted',
      'transfer_lost',
    ].map((event) => ({ event: event as never, changes: {} })),
  });
  if (!applied.applied) throw new Error('the lost transfer was not set up');
  await commitFinalPayment(services, { merchantId: merchant.id, webhookUrl: null, status: 'cancelled' });
});

afterAll(async () => {
  await bareApp?.close();
  await bare?.close();
  await app.close();
  await services.close();
});

const OTHER: Record<Language, Language> = { es: 'en', en: 'es' };

/** Every text of the catalogue and the labels, by language, where the two languages differ. */
function differingTexts(language: Language): string[] {
  const entries = [
    ...Object.values(ADMIN_MESSAGES),
    ...Object.values(LABEL_TABLES).flatMap((table) => Object.values(table)),
  ];
  return entries.filter((words) => words.es !== words.en).map((words) => words[language]);
}

/** The literal pieces of a text between its `{placeholders}` that hold a letter. */
const piecesOf = (text: string) =>
  text
    .split(/\{\w+\}/)
    .map((piece) => piece.trim())
    .filter((piece) => /\p{L}/u.test(piece));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What a page says: its text nodes and its accessible names (aria-label, title, placeholder). */
function wordsOf(page: string): string[] {
  const decode = (text: string) =>
    text
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&');
  const attributes = [...page.matchAll(/(?:aria-label|title|placeholder)="([^"]*)"/g)].map((match) =>
    decode(match[1] ?? ''),
  );
  const nodes = page
    .replace(/<[^>]*>/g, '\n')
    .split('\n')
    .map((text) => decode(text).trim());
  return [...nodes, ...attributes].filter((text) => /\p{L}/u.test(text));
}

/** The texts of `foreign` found in the page: a whole text (placeholders filled by anything) or a piece. */
function foreignWords(page: string, language: Language): string[] {
  const foreign = differingTexts(OTHER[language]);
  const own = new Set(
    [...differingTexts(language), ...Object.values(ADMIN_MESSAGES).map((words) => words[language])].flatMap(
      (text) => [text, ...piecesOf(text)],
    ),
  );
  const whole = foreign.map(
    (text) =>
      new RegExp(
        `^${text
          .split(/\{\w+\}/)
          .map(escapeRegExp)
          .join('.+?')}$`,
        'su',
      ),
  );
  const pieces = new Set(foreign.flatMap(piecesOf).filter((piece) => !own.has(piece)));
  return wordsOf(page).filter(
    (words) => !own.has(words) && (pieces.has(words) || whole.some((pattern) => pattern.test(words))),
  );
}

const headersFor = (language: Language, withSession: boolean | string = true) => ({
  cookie: `${withSession ? `${withSession === true ? session.cookie : withSession}; ` : ''}puente_admin_lang=${language}`,
});
/** A GET in that language, with the admin's session, none (`false`) or another cookie. */
const get = (url: string, language: Language, withSession: boolean | string = true) =>
  app.inject({ method: 'GET', url, headers: headersFor(language, withSession) });
const post = (
  url: string,
  language: Language,
  form: Record<string, string>,
  as: { cookie: string; csrf: string } = session,
) =>
  app.inject({
    method: 'POST',
    url,
    headers: { ...headersFor(language, as.cookie), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf: as.csrf, ...form }).toString(),
  });

/** The setup link's form on the deployment without operators, sent with passwords that differ. */
async function refusedSetup(language: Language) {
  const page = await bareApp.inject({
    url: `/admin/setup?token=${setupToken}`,
    headers: { cookie: `puente_admin_lang=${language}` },
  });
  return bareApp.inject({
    method: 'POST',
    url: '/admin/setup',
    headers: {
      cookie: `puente_admin_setup=${cookiesOf(page).puente_admin_setup}; puente_admin_lang=${language}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({
      csrf: csrfIn(page.body),
      token: setupToken,
      email: 'primera@puente.test',
      password: OPERATOR_PASSWORD,
      password_confirmation: 'otra clave distinta',
    }).toString(),
  });
}

/** An operator of this language that enrols a second factor, then logs in again with its password only. */
function secondFactorSteps(language: Language): [string, () => ReturnType<typeof get>][] {
  let enrolling: { cookie: string; csrf: string; email: string };
  let authenticator: TestAuthenticator;
  let pending: { cookie: string; csrf: string };
  return [
    [
      'second factor enrolment',
      async () => {
        enrolling = await loginOperator(app, services, `segundo-${language}@puente.test`, 'operator');
        const page = await get('/admin/security', language, enrolling.cookie);
        authenticator = new TestAuthenticator(secretIn(page.body));
        return page;
      },
    ],
    [
      'second factor, wrong code',
      () => post('/admin/security/enrol', language, { code: '000000' }, enrolling),
    ],
    [
      'recovery codes',
      async () => post('/admin/security/enrol', language, { code: await authenticator.code() }, enrolling),
    ],
    ['second factor active', () => get('/admin/security', language, enrolling.cookie)],
    [
      'second factor at login',
      async () => {
        const { cookie } = await submitLogin(app, enrolling.email);
        const page = await get('/admin/login/second-factor', language, cookie);
        pending = { cookie, csrf: csrfIn(page.body) };
        return page;
      },
    ],
    [
      'second factor at login, wrong code',
      () => post('/admin/login/second-factor', language, { code: '000000' }, pending),
    ],
    ['second factor owed', () => post('/admin/merchants', language, { name: 'Colado' }, pending)],
  ];
}

describe.each(['es', 'en'] as const)('the back-office in %s', (language) => {
  const pages = (): [string, () => ReturnType<typeof get>][] => [
    ['login', () => get('/admin/login', language, false)],
    [
      'login refused',
      () =>
        app.inject({
          method: 'POST',
          url: '/admin/login',
          headers: {
            cookie: `puente_admin_lang=${language}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: 'email=a%40b.cl&password=x&csrf=x',
        }),
    ],
    ['dashboard', () => get('/admin', language)],
    ['payments', () => get('/admin/payments', language)],
    [
      'payments, refused filters',
      () => get('/admin/payments?rut=1-2&status=x&bank=y&from=2026-13-01', language),
    ],
    ['payment paid, failed webhook', () => get(`/admin/payments/${paidToken}?resent=1`, language)],
    ['payment to review', () => get(`/admin/payments/${reviewToken}`, language)],
    ['merchants', () => get('/admin/merchants', language)],
    ['new merchant', () => get('/admin/merchants/new', language)],
    ['merchant', () => get(`/admin/merchants/${merchantCode}`, language)],
    [
      'merchant created',
      () =>
        post('/admin/merchants', language, {
          name: `Comercio ${language}`,
          environment: 'sandbox',
          amount_limit: '100000',
        }),
    ],
    [
      'merchant suspended',
      () => post(`/admin/merchants/${merchantCode}/status`, language, { active: 'false' }),
    ],
    [
      'merchant reactivated',
      () => post(`/admin/merchants/${merchantCode}/status`, language, { active: 'true' }),
    ],
    ['deliveries', () => get('/admin/deliveries?resent=2', language)],
    ['deliveries resend, none chosen', () => post('/admin/deliveries/resend', language, {})],
    ['audit log', () => get('/admin/audit', language)],
    ['movements to review', () => get('/admin/movements/review', language)],
    ['missing merchant', () => get('/admin/merchants/sbx_nope', language)],
    ['missing page', () => get('/admin/nope', language)],
    ['form expired', () => post('/admin/deliveries/resend', language, { csrf: 'forged' })],
    [
      'login, no operator yet',
      () => bareApp.inject({ url: '/admin/login', headers: { cookie: `puente_admin_lang=${language}` } }),
    ],
    [
      'setup link',
      () =>
        bareApp.inject({
          url: `/admin/setup?token=${setupToken}`,
          headers: { cookie: `puente_admin_lang=${language}` },
        }),
    ],
    ['setup link, passwords differ', () => refusedSetup(language)],
    [
      'setup link, unknown',
      () =>
        bareApp.inject({
          url: '/admin/setup?token=nope',
          headers: { cookie: `puente_admin_lang=${language}` },
        }),
    ],
    ['setup link, operators exist', () => get(`/admin/setup?token=${setupToken}`, language, false)],
    ['login, operator created', () => get('/admin/login?created=1', language, false)],
    ...secondFactorSteps(language),
    ['operators', () => get('/admin/operators', language)],
    [
      'own role refused',
      () => post('/admin/operators/role', language, { email: session.email, role: 'viewer' }),
    ],
    [
      'unknown role refused',
      () => post('/admin/operators/role', language, { email: 'lector@puente.test', role: 'x' }),
    ],
    ['role refused', () => get('/admin/operators', language, viewer.cookie)],
  ];

  it('every page says everything in that language, and only in it', async () => {
    const found: string[] = [];
    for (const [name, load] of pages()) {
      const response = await load();
      expect(response.headers['content-type'], name).toContain('text/html');
      expect(response.body, name).toContain(`<html lang="${language === 'es' ? 'es-CL' : 'en'}">`);
      for (const words of foreignWords(response.body, language)) found.push(`${name}: «${words}»`);
    }
    expect(found).toEqual([]);
  });

  it('labels, dates and amounts follow the language', async () => {
    const detail = (await get(`/admin/payments/${paidToken}`, language)).body;
    const review = (await get(`/admin/payments/${reviewToken}`, language)).body;
    const deliveries = (await get('/admin/deliveries', language)).body;
    if (language === 'es') {
      expect(detail).toContain('<dt>Paso</dt><dd>Transferencia confirmada</dd>');
      expect(detail).toContain('$50.000');
      expect(review).toContain('Transferencia por revisar');
      expect(deliveries).toContain('reintentos agotados');
      expect(detail).toMatch(/\d{2}-\d{2}-\d{4}, \d{2}:\d{2}:\d{2}/);
    } else {
      expect(detail).toContain('<dt>Step</dt><dd>Transfer confirmed</dd>');
      expect(detail).toContain('$50,000');
      expect(review).toContain('Transfer to review');
      expect(deliveries).toContain('retries used up');
      expect(detail).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2}:\d{2}/);
    }
  });
});

describe('the new pages, word for word', () => {
  it('the setup link, the role refusal, the operators page and the replica note in each language', async () => {
    const setup = (language: Language) =>
      bareApp.inject({
        url: `/admin/setup?token=${setupToken}`,
        headers: { cookie: `puente_admin_lang=${language}` },
      });
    expect((await setup('es')).body).toContain('Crear el primer operador');
    expect((await setup('en')).body).toContain('Create the first operator');
    const refused = await get('/admin/operators', 'en', viewer.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Your role (Viewer) does not allow this.');
    expect((await get('/admin/operators', 'es', viewer.cookie)).body).toContain(
      'Tu rol (Lector) no permite esta acción.',
    );
    const operators = await get('/admin/operators', 'en');
    expect(operators.body).toContain('<option value="viewer" selected>Viewer</option>');
    expect(operators.body).toContain('>Change role</button>');
    expect(operators.body).toContain('<a href="/admin/operators" aria-current="page">Operators</a>');
    expect(String(replicaNote(adminText('en'), 5))).toContain('Data from the read replica, 5 s behind');
    expect(String(replicaNote(adminText('es'), 150))).toContain(
      'Datos de la réplica de lectura, con 2,5 min de retraso',
    );
  });
});

describe('choosing the language', () => {
  it('follows Accept-Language, and the switch’s cookie over it', async () => {
    const english = await app.inject({
      url: '/admin/login',
      headers: { 'accept-language': 'en-GB,en;q=0.8' },
    });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain(
      '<a class="switch" lang="es-CL" href="/admin/language?lang=es&amp;back=%2Fadmin%2Flogin">Español</a>',
    );
    const unknown = await app.inject({ url: '/admin/login', headers: { 'accept-language': 'de, fr;q=0.5' } });
    expect(unknown.body).toContain('<html lang="es-CL">');
    const chosen = await app.inject({
      url: '/admin/login',
      headers: { 'accept-language': 'en', cookie: 'puente_admin_lang=es' },
    });
    expect(chosen.body).toContain('<html lang="es-CL">');
  });

  it('the switch sets the cookie and comes back to the same back-office page, never elsewhere', async () => {
    const switched = await app.inject({
      url: `/admin/language?lang=en&back=${encodeURIComponent('/admin/payments?status=error')}`,
    });
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/admin/payments?status=error');
    expect(cookiesOf(switched).puente_admin_lang).toBe('en');
    for (const back of [
      '//evil.example/admin',
      'https://evil.example/admin',
      '/administrator',
      '/admin/../x',
    ]) {
      const refused = await app.inject({ url: `/admin/language?lang=es&back=${encodeURIComponent(back)}` });
      expect(refused.headers.location, back).toBe('/admin');
    }
    const unknown = await app.inject({ url: '/admin/language?lang=de&back=/admin/login' });
    expect(cookiesOf(unknown).puente_admin_lang).toBeUndefined();
  });
});
