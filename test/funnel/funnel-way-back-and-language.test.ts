import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickLanguage } from '../../src/http/funnel/messages.ts';
import { csrfOf, FunnelClient, formAction, walkPayment } from '../support/funnel-client.ts';
import {
  type FunnelHarness,
  ledger,
  newSession,
  paysOrder,
  startFunnelHarness,
} from '../support/funnel-harness.ts';

/**
 * The payer can leave a bank for another until the transfer is sent ("Elegir otro banco"), waiting pages can
 * be told to stop reloading, and the payment pages speak the payer's language.
 */
let harness: FunnelHarness;
let slowApp: FunnelHarness;
beforeAll(async () => {
  harness = await startFunnelHarness();
  // A bank app the payer never approves in time: its waiting page stays.
  slowApp = await startFunnelHarness({}, {}, { appApprovalDelayMs: 600_000 });
});
afterAll(async () => {
  await harness?.close();
  await slowApp?.close();
});

async function paymentToken(token: string): Promise<string | null> {
  const [row] = await harness.services.db.query<{ payment_token: string | null }>(
    'select payment_token from payment_sessions where token = $1',
    [token],
  );
  return row?.payment_token ?? null;
}

describe('another bank before the transfer', () => {
  it.each([
    ['the login', { bank: 'cl_bci', rut: '11.111.111-1' }, 'login'],
    ['the coordinate card', { bank: 'cl_bch', rut: '11.111.111-1' }, 'second-factor'],
    ['the confirmation', { bank: 'cl_test', rut: '11.111.111-1', stopAtConfirmation: true }, 'approve'],
  ] as const)(
    'from %s: back to every bank, then another bank pays with a new payment_token',
    async (_where, script, form) => {
      const session = await newSession(harness);
      const client = new FunnelClient(harness.baseUrl);
      let page = (await client.get(session.path)).body;
      if (form === 'approve') {
        page = (await walkPayment(client, session.path, script)).page;
      } else {
        await client.post(formAction(page, 'bank') ?? '', { csrf: csrfOf(page), bank: script.bank });
        page = (await client.get(session.path)).body;
        if (form === 'second-factor') {
          await client.post(formAction(page, 'login') ?? '', {
            csrf: csrfOf(page),
            rut: script.rut,
            password: '1234',
          });
          page = (await client.get(session.path)).body;
          expect(page).toContain('name="coordinate"');
        }
      }
      const first = await paymentToken(session.token);
      expect(first).not.toBeNull();
      const changeBank = formAction(page, 'change-bank');
      expect(changeBank).not.toBeNull();
      expect(page).toContain('Elegir otro banco');
      const back = await client.post(changeBank ?? '', { csrf: csrfOf(page) });
      expect(back.status).toBe(303);
      const choice = (await client.get(session.path)).body;
      // Every bank again, the step indicator at the first step.
      expect([...choice.matchAll(/name="bank" value="(\w+)"/g)]).toHaveLength(8);
      expect(choice).toMatch(/<li aria-current="step">Banco<\/li>/);

      const paid = await walkPayment(client, session.path, { bank: 'cl_falabella', rut: '11.111.111-1' });
      expect(paid.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);
      const second = await paymentToken(session.token);
      expect(second).not.toBe(first);
      expect(
        (await ledger(harness.simulator)).filter((entry) => paysOrder(entry, session.orderId)),
      ).toHaveLength(1);
    },
  );

  it('a merchant-chosen bank can be left too, before and after logging in', async () => {
    const session = await newSession(harness, { userBankCode: 'cl_estado' });
    const client = new FunnelClient(harness.baseUrl);
    const login = (await client.get(session.path)).body;
    expect(login).toContain('name="password"');
    const link = /<a class="link" href="([^"]+)">Elegir otro banco<\/a>/
      .exec(login)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(link).toBe(`/session/${session.token}?lang=es&banks=all`);
    const choice = (await client.get(link ?? '')).body;
    expect([...choice.matchAll(/name="bank" value="(\w+)"/g)]).toHaveLength(8);
    const paid = await walkPayment(client, link ?? '', { bank: 'cl_test', rut: '11.111.111-1' });
    expect(paid.redirect).toMatch(/ok\?jwt=/);
  });

  it('is not offered once the transfer is in flight, and refused if posted', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    const confirm = await walkPayment(client, session.path, {
      bank: 'cl_test',
      rut: '55.555.555-5',
      stopAtConfirmation: true,
    });
    const changeBank = formAction(confirm.page, 'change-bank') ?? '';
    await client.post(formAction(confirm.page, 'approve') ?? '', { csrf: csrfOf(confirm.page) });
    const transferring = await client.get(session.path);
    expect(transferring.body).not.toContain('change-bank');
    expect(transferring.refresh).toMatch(/^2; url=\/session\/\w+\/result\?lang=es$/);
    await client.post(changeBank, { csrf: csrfOf(confirm.page) });
    const [row] = await harness.services.db.query<{ state: string }>(
      'select f.state from payment_funnels f join payment_sessions s on s.id = f.session_id where s.token = $1',
      [session.token],
    );
    expect(['transferring', 'succeeded']).toContain(row?.state);
  });
});

describe('waiting pages', () => {
  it('reload themselves through the Refresh header until the payer stops it', async () => {
    const session = await newSession(slowApp, { userBankCode: 'cl_bci' });
    const client = new FunnelClient(slowApp.baseUrl);
    const login = (await client.get(session.path)).body;
    await client.post(formAction(login, 'login') ?? '', {
      csrf: csrfOf(login),
      rut: '11.111.111-1',
      password: '1234',
    });
    const waiting = await client.get(session.path);
    expect(waiting.body).toContain('<progress');
    expect(waiting.body).toContain('Dejar de actualizar sola');
    expect(waiting.body).not.toContain('http-equiv="refresh"');
    expect(waiting.refresh).toBe(`2; url=/session/${session.token}?lang=es`);
    const stopped = await client.get(`${session.path}?lang=es&auto=off`);
    expect(stopped.status).toBe(200);
    expect(stopped.refresh).toBeNull();
    expect(stopped.body).toContain('ya no se actualiza sola');
    expect(stopped.body).toContain('<progress');
  });
});

describe('notices', () => {
  it('a wrong code is said once, without ?notice= in the URL: a reload does not repeat it', async () => {
    const session = await newSession(harness, { userBankCode: 'cl_santander' });
    const client = new FunnelClient(harness.baseUrl);
    const login = (await client.get(session.path)).body;
    await client.post(formAction(login, 'login') ?? '', {
      csrf: csrfOf(login),
      rut: '11.111.111-1',
      password: '1234',
    });
    const codePage = (await client.get(session.path)).body;
    const wrong = await client.post(formAction(codePage, 'second-factor') ?? '', {
      csrf: csrfOf(codePage),
      kind: 'code',
      code: '000000',
    });
    expect(wrong.status).toBe(303);
    expect(wrong.location).toBe(`/session/${session.token}?lang=es`);
    const told = await client.get(wrong.location ?? '');
    expect(told.body).toContain('El código no es correcto');
    const reloaded = await client.get(wrong.location ?? '');
    expect(reloaded.body).not.toContain('El código no es correcto');
  });
});

describe('language', () => {
  it('takes ?lang=, else Accept-Language, else Spanish', () => {
    expect(pickLanguage({ lang: 'en' }, 'es-CL')).toBe('en');
    expect(pickLanguage({ lang: 'es' }, 'en-US')).toBe('es');
    expect(pickLanguage({}, 'en-US,en;q=0.9')).toBe('en');
    expect(pickLanguage({}, 'fr-FR, en;q=0.8, es;q=0.9')).toBe('es');
    expect(pickLanguage({}, 'de, es;q=0')).toBe('es');
    expect(pickLanguage({}, 'de, en;q=0')).toBe('es');
    expect(pickLanguage({ lang: 'xx' }, undefined)).toBe('es');
  });

  it('an English browser gets the English payment page without ?lang=', async () => {
    const session = await newSession(harness);
    const page = await harness.app.inject({
      url: session.path,
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('Choose your bank');
    const spanish = await harness.app.inject({ url: session.path });
    expect(spanish.body).toContain('Elige tu banco');
  });
});
