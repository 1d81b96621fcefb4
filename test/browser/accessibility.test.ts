import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Puente } from '../../packages/sdk/src/index.ts';
import type { Services } from '../../src/composition.ts';
import { buildDemoShop } from '../../src/demo-shop/app.ts';
import { DemoOrderStore } from '../../src/demo-shop/order-store.ts';
import { buildApp } from '../../src/http/app.ts';
import { directTransferDeps } from '../../src/http/funnel/funnel-request.ts';
import { chooseDirectTransfer } from '../../src/use-cases/direct-transfer/choose-direct-transfer.ts';
import { ingestMovements } from '../../src/use-cases/direct-transfer/ingest-movements.ts';
import { createOperator } from '../../src/use-cases/operators/create-operator.ts';
import { issueSetupLink } from '../../src/use-cases/operators/first-operator-setup.ts';
import { audit, report, VIEWPORTS, type Violation } from '../support/axe.ts';
import { startTestBankSimulator, type TestBankSimulator } from '../support/bank-simulator.ts';
import { launchChromium } from '../support/browser.ts';
import { enableDirectTransfer } from '../support/collecting-account.ts';
import { type FunnelHarness, newSession } from '../support/funnel-harness.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';
import { storeSession } from '../support/stored-session.ts';

/**
 * axe-core on every page a payer, an operator or a shopper sees, in Spanish and English, on a desktop and
 * on a 390 px phone: any WCAG 2.0/2.1/2.2 A or AA violation fails. The funnel's CSP allows no script, so axe
 * is evaluated through the DevTools protocol, which the page's CSP does not govern. Set
 * PUENTE_SCREENSHOTS=<folder> to keep a screenshot of every page audited, at both widths.
 */
const LANGUAGES = ['es', 'en'] as const;
const OPERATOR = { email: 'a11y@puente.test', password: 'una clave larga y segura' };
const VIEWER = { email: 'lector@puente.test', password: 'una clave larga y segura' };

let simulator: TestBankSimulator;
let services: Services;
let gateway: FastifyInstance;
let base: string;
let shop: FastifyInstance;
let shopUrl: string;
let browser: Browser;
let harness: FunnelHarness;
/** A merchant whose collecting account is enabled: its payers are offered direct transfer. */
let directHarness: FunnelHarness;
let setupToken: string;

beforeAll(async () => {
  // The app never approves and a pending transfer stays pending: every waiting page stays to be audited.
  simulator = await startTestBankSimulator({
    appApprovalDelayMs: 600_000,
    pendingConfirmationDelayMs: 600_000,
  });
  services = await createTestServices({ ...simulator.env, PUENTE_BANK_TIMEOUT_MS: '3000' });
  gateway = await buildApp(services, { logger: false });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  // `localhost`: a secure origin for the browser, so the back-office's Secure cookies are kept over http.
  base = `http://localhost:${(gateway.server.address() as { port: number }).port}`;
  services.config.PUENTE_PAYMENT_URL = base;
  services.config.PUENTE_API_URL = base;
  const merchant = await createTestMerchant(services, {
    completedUrl: null,
    cancellationUrl: null,
    webhookUrl: null,
  });
  harness = {
    services,
    app: gateway,
    baseUrl: base,
    simulator,
    merchant,
    close: async () => {},
  };
  const direct = await createTestMerchant(services, {
    completedUrl: null,
    cancellationUrl: null,
    webhookUrl: null,
  });
  await enableDirectTransfer(services, direct.merchant);
  directHarness = { ...harness, merchant: direct };
  // An under-payment of a waiting direct transfer: the review queue is audited with an item on it.
  const waiting = await storeSession(services, direct.merchant.id, { orderAmount: 20_000 });
  const view = await services.funnels.loadById(waiting.id);
  if (!view) throw new Error('no funnel');
  await chooseDirectTransfer(directTransferDeps(services), view);
  const opened = await services.directTransfers.directTransferOf(waiting.id);
  await ingestMovements(
    directTransferDeps(services),
    direct.merchant.id,
    [
      {
        id: 'A11Y-1',
        date: '2026-12-01',
        amount: 19_000,
        description: opened?.reference ?? '',
        payerRut: null,
        payerName: null,
        payerBank: null,
      },
    ],
    { kind: 'api' },
  );
  // No operator yet: the back-office test creates it through the setup link, auditing those pages too.
  const link = await issueSetupLink(services, 30);
  if (!link) throw new Error('no setup link');
  setupToken = link.token;

  const port = await freePort();
  shopUrl = `http://127.0.0.1:${port}`;
  shop = await buildDemoShop({
    puente: new Puente({ apiUrl: base, merchantCode: merchant.merchant.code, apiToken: merchant.apiToken }),
    orders: new DemoOrderStore(),
    publicUrl: shopUrl,
    gatewayPaymentUrl: base,
    environment: 'sandbox',
  });
  await shop.listen({ port, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await shop?.close();
  await gateway?.close();
  await services?.close();
  await simulator?.close();
});

/** A navigation, tried again when a waiting page's own reload (its Refresh header) cut in. */
async function go(page: Page, url: string): Promise<void> {
  try {
    await page.goto(url);
  } catch (error) {
    if (!String(error).includes('ERR_ABORTED')) throw error;
    await page.goto(url);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function withPage(language: 'es' | 'en', run: (page: Page) => Promise<void>): Promise<void> {
  const context: BrowserContext = await browser.newContext({
    viewport: VIEWPORTS[0],
    locale: language === 'es' ? 'es-CL' : 'en-US',
  });
  try {
    await run(await context.newPage());
  } finally {
    await context.close();
  }
}

const WORDS = {
  es: {
    password: 'Clave',
    logIn: 'Ingresar',
    code: 'Código',
    coordinate: /^Coordenada/,
    go: 'Continuar',
    directTransfer: 'Transferir desde cualquier banco',
  },
  en: {
    password: 'Password',
    logIn: 'Log in',
    code: 'Code',
    coordinate: /^Coordinate/,
    go: 'Continue',
    directTransfer: 'Transfer from any bank',
  },
} as const;

describe.each(LANGUAGES)('accessibility (%s)', (language) => {
  const words = WORDS[language];

  it('every funnel page', async () => {
    const found: Violation[] = [];
    await withPage(language, async (page) => {
      const open = async (overrides: Parameters<typeof newSession>[1] = {}) => {
        const session = await newSession(harness, overrides);
        await go(page, `${base}${session.path}?lang=${language}`);
        return session;
      };
      const logIn = async (bank: string, rut: string) => {
        await page.locator(`button[name="bank"][value="${bank}"]`).click();
        await page.getByLabel('RUT').fill(rut);
        await page.getByLabel(words.password, { exact: false }).fill('1234');
        await page.getByRole('button', { name: words.logIn }).click();
        await page.waitForLoadState('load');
      };

      // Bank choice, then the login and second factor of a bank that approves in its app.
      await open();
      await audit(page, `${language}-bank-choice`, found);
      await page.locator('button[name="bank"][value="cl_estado"]').click();
      await audit(page, `${language}-login-app-bank`, found);
      await page.getByLabel('RUT').fill('11.111.111-1');
      await page.getByLabel(words.password, { exact: false }).fill('1234');
      await page.getByRole('button', { name: words.logIn }).click();
      await audit(page, `${language}-second-factor-app`, found);

      // A wrong password, then a bank that sends a code; three accounts; confirmation; success shown here.
      await open();
      await logIn('cl_santander', '77.777.777-7');
      await audit(page, `${language}-second-factor-code`, found);
      await page.getByLabel(words.code).fill('123456');
      await page.getByRole('button', { name: words.go }).click();
      await audit(page, `${language}-account-choice`, found);
      await page.locator('button[name="account"]').first().click();
      await audit(page, `${language}-confirmation`, found);
      await page.locator('form[action*="/approve"] button').click();
      await page.waitForURL((url) => url.pathname.endsWith('/result'));
      await audit(page, `${language}-result-success`, found);

      // A coordinate card, then a transfer the bank has not confirmed yet.
      await open();
      await page.locator('button[name="bank"][value="cl_bch"]').click();
      await audit(page, `${language}-login-coordinates-bank`, found);
      await page.getByLabel('RUT').fill('55.555.555-5');
      await page.getByLabel(words.password, { exact: false }).fill('0000');
      await page.getByRole('button', { name: words.logIn }).click();
      await audit(page, `${language}-login-wrong-password`, found);
      await page.getByLabel(words.password, { exact: false }).fill('1234');
      await page.getByRole('button', { name: words.logIn }).click();
      await audit(page, `${language}-second-factor-coordinates`, found);
      for (const [index, value] of ['11', '22', '33'].entries())
        await page.getByLabel(words.coordinate).nth(index).fill(value);
      await page.getByRole('button', { name: words.go }).click();
      await page.locator('form[action*="/approve"] button').click();
      await page.waitForURL(
        (url) => url.pathname.endsWith('/result') || /\/session\/[^/]+$/.test(url.pathname),
      );
      await audit(page, `${language}-transferring`, found);

      // The bank refuses the transfer: the attempt failed page.
      await open();
      await logIn('cl_test', '22.222.222-2');
      await page.locator('form[action*="/approve"] button').click();
      await page.locator('.notice').first().waitFor();
      await audit(page, `${language}-attempt-failed`, found);

      // Direct transfer: the bank choice offers it, then the account, amount and reference to transfer to.
      const direct = await newSession(directHarness);
      await go(page, `${base}${direct.path}?lang=${language}`);
      await audit(page, `${language}-bank-choice-direct-transfer`, found);
      await page.getByRole('button', { name: words.directTransfer }).click();
      await page.locator('#dt-reference').waitFor();
      await audit(page, `${language}-direct-transfer`, found);

      // Cancelled, finished, expired, not found.
      const cancelled = await open();
      await page.locator('form[action*="/cancel"] button').click();
      await page.waitForLoadState('load');
      await audit(page, `${language}-result-cancelled`, found);
      await go(page, `${base}${cancelled.path}?lang=${language}`);
      await audit(page, `${language}-finished`, found);
      const expired = await newSession(harness);
      await services.db.query(
        "update payment_sessions set expires_at = now() - interval '1 second' where token = $1",
        [expired.token],
      );
      await go(page, `${base}${expired.path}?lang=${language}`);
      await audit(page, `${language}-expired`, found);
      await go(page, `${base}/session/no-such-session?lang=${language}`);
      await audit(page, `${language}-not-found`, found);
    });
    expect(report(found)).toBe('');
  }, 180_000);

  it('every demo shop page, and the payment pages it leads to', async () => {
    const found: Violation[] = [];
    const query = language === 'en' ? '?lang=en' : '';
    await withPage(language, async (page) => {
      await go(page, `${shopUrl}/${query}`);
      await audit(page, `${language}-shop-catalogue`, found);
      await go(page, `${shopUrl}/producto/tetera-pomaire${query}`);
      await page.getByRole('button', { name: /Banco de Pruebas|Test Bank/ }).waitFor();
      await audit(page, `${language}-shop-product`, found);
      await page.getByRole('button', { name: /Banco de Pruebas|Test Bank/ }).click();
      await page.waitForURL(`${base}/session/**`);
      await audit(page, `${language}-shop-funnel-login`, found);
      await page.getByLabel('RUT').fill('11.111.111-1');
      await page.getByLabel(words.password, { exact: false }).fill('1234');
      await page.getByRole('button', { name: words.logIn }).click();
      await page.locator('form[action*="/approve"] button').click();
      await page.waitForURL(`${shopUrl}/**`);
      await audit(page, `${language}-shop-success`, found);
      await go(page, `${shopUrl}/pedidos${query}`);
      await audit(page, `${language}-shop-orders`, found);
      await go(page, `${shopUrl}/pago/cancelado${query}`);
      await audit(page, `${language}-shop-invalid-return`, found);
      await go(page, `${shopUrl}/no-such-page${query}`);
      await audit(page, `${language}-shop-not-found`, found);
    });
    expect(report(found)).toBe('');
  }, 180_000);
});

const ADMIN_WORDS = {
  es: {
    email: 'Correo',
    password: 'Contraseña',
    passwordAgain: 'Repite la contraseña',
    create: 'Crear operador',
    enter: 'Entrar',
  },
  en: {
    email: 'E-mail',
    password: 'Password',
    passwordAgain: 'Repeat the password',
    create: 'Create operator',
    enter: 'Enter',
  },
} as const;

describe('accessibility (the first operator, in Spanish and English)', () => {
  it('the login without operators and the setup link, then the first operator through it', async () => {
    const found: Violation[] = [];
    for (const language of LANGUAGES) {
      const words = ADMIN_WORDS[language];
      await withPage(language, async (page) => {
        await go(page, `${base}/admin/login`);
        await audit(page, `${language}-admin-login-no-operator`, found);
        await go(page, `${base}/admin/setup?token=${setupToken}`);
        await audit(page, `${language}-admin-setup`, found);
        await page.getByLabel(words.email).fill(OPERATOR.email);
        await page.getByLabel(words.password, { exact: true }).fill(OPERATOR.password);
        await page.getByLabel(words.passwordAgain).fill('otra clave distinta');
        await page.getByRole('button', { name: words.create }).click();
        await audit(page, `${language}-admin-setup-refused`, found);
        if (language !== LANGUAGES.at(-1)) return;
        // A refused form leaves the link usable: the last language creates the operator with it.
        await page.getByLabel(words.password, { exact: true }).fill(OPERATOR.password);
        await page.getByLabel(words.passwordAgain).fill(OPERATOR.password);
        await page.getByRole('button', { name: words.create }).click();
        await page.waitForURL(`${base}/admin/login?created=1`);
        await audit(page, `${language}-admin-login-created`, found);
      });
    }
    // A second operator, a viewer: the operators page shows its role and reset forms, and it meets the
    // page that refuses a role.
    await createOperator(services, { email: VIEWER.email, password: VIEWER.password, role: 'viewer' });
    expect(report(found)).toBe('');
  }, 180_000);
});

describe.each(LANGUAGES)('accessibility (back-office, %s)', (language) => {
  it('every back-office page', async () => {
    const found: Violation[] = [];
    const words = ADMIN_WORDS[language];
    const session = await newSession(harness);
    const logIn = async (page: Page, operator: { email: string; password: string }) => {
      await go(page, `${base}/admin/login`);
      await page.getByLabel(words.email).fill(operator.email);
      await page.getByLabel(words.password).fill(operator.password);
      await page.getByRole('button', { name: words.enter }).click();
    };
    await withPage(language, async (page) => {
      await go(page, `${base}/admin/setup?token=${setupToken}`);
      await audit(page, `${language}-admin-setup-gone`, found);
      await go(page, `${base}/admin/login`);
      await audit(page, `${language}-admin-login`, found);
      await logIn(page, { email: OPERATOR.email, password: 'not the password' });
      await audit(page, `${language}-admin-login-refused`, found);
      await page.getByLabel(words.password).fill(OPERATOR.password);
      await page.getByRole('button', { name: words.enter }).click();
      await page.waitForURL(`${base}/admin`);
      const merchant = harness.merchant.merchant.code;
      for (const [name, path] of [
        ['dashboard', '/admin'],
        ['payments', '/admin/payments'],
        ['payments-refused-filter', '/admin/payments?rut=1-2'],
        ['payment-detail', `/admin/payments/${session.token}`],
        ['merchants', '/admin/merchants'],
        ['merchant', `/admin/merchants/${merchant}`],
        ['merchant-new', '/admin/merchants/new'],
        ['deliveries', '/admin/deliveries'],
        ['audit', '/admin/audit'],
        ['movements-review', '/admin/movements/review'],
        ['operators', '/admin/operators'],
        ['security-enrol', '/admin/security'],
        ['not-found', '/admin/nope'],
      ] as const) {
        await go(page, `${base}${path}`);
        await audit(page, `${language}-admin-${name}`, found);
      }
    });
    // A viewer asking for a page of admins: the page that refuses a role.
    await withPage(language, async (page) => {
      await logIn(page, VIEWER);
      await page.waitForURL(`${base}/admin`);
      const refused = await page.goto(`${base}/admin/operators`);
      expect(refused?.status()).toBe(403);
      await audit(page, `${language}-admin-role-refused`, found);
    });
    expect(report(found)).toBe('');
  }, 180_000);
});

describe('accessibility (API reference, English only)', () => {
  it('/docs, with every example opened', async () => {
    const found: Violation[] = [];
    await withPage('en', async (page) => {
      await go(page, `${base}/docs`);
      await page.evaluate(() => {
        document.querySelectorAll('details').forEach((details) => {
          details.open = true;
        });
      });
      await audit(page, 'api-reference', found);
    });
    expect(report(found)).toBe('');
  }, 180_000);
});
