import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { LABEL_TABLES } from '../../src/http/admin/labels.ts';
import type { Language } from '../../src/http/admin/messages.ts';
import { ADMIN_MESSAGES } from '../../src/http/admin/messages.ts';
import { buildApp } from '../../src/http/app.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { applyStep } from '../../src/use-cases/funnel/apply-step.ts';
import { cookiesOf, loginOperator } from '../support/admin.ts';
import { commitFinalPayment } from '../support/final-payment.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';
import { storeSession } from '../support/stored-session.ts';

/**
 * Every back-office page in one language shows none of the other language's texts: every catalogue entry
 * and every label whose two languages differ is looked for in the page's text nodes and accessible names.
 */
let services: Services;
let app: FastifyInstance;
let session: { cookie: string; csrf: string };
let merchantCode: string;
let paidToken: string;
let reviewToken: string;

beforeAll(async () => {
  services = await createTestServices();
  app = await buildApp(services, { logger: false });
  session = await loginOperator(app, services);
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

const headersFor = (language: Language, withSession = true) => ({
  cookie: `${withSession ? `${session.cookie}; ` : ''}puente_admin_lang=${language}`,
});
const get = (url: string, language: Language, withSession = true) =>
  app.inject({ method: 'GET', url, headers: headersFor(language, withSession) });
const post = (url: string, language: Language, form: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: { ...headersFor(language), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf: session.csrf, ...form }).toString(),
  });

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
    ['missing merchant', () => get('/admin/merchants/sbx_nope', language)],
    ['missing page', () => get('/admin/nope', language)],
    ['form expired', () => post('/admin/deliveries/resend', language, { csrf: 'forged' })],
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
