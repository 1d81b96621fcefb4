import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyNotification } from '../../packages/sdk/src/index.ts';
import { FunnelClient, walkPayment } from '../support/funnel-client.ts';
import { type FunnelHarness, newSession, startFunnelHarness } from '../support/funnel-harness.ts';

/** The widget's `?widget_origin=` over HTTP: adopted only when registered, and what it changes. */
const SHOP = 'https://tienda.example';
let harness: FunnelHarness;

beforeAll(async () => {
  harness = await startFunnelHarness(
    {},
    { frameOrigins: [SHOP], completedUrl: `${SHOP}/ok`, cancellationUrl: `${SHOP}/cancel` },
  );
});
afterAll(async () => {
  await harness?.close();
});

const payer = { bank: 'cl_test', rut: '11.111.111-1' };

describe('widget_origin', () => {
  it('is ignored when it is not one of the merchant frame origins: no script, the usual redirect', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    const first = await harness.app.inject(`${session.path}?widget_origin=https://evil.example`);
    expect(first.headers['content-security-policy']).not.toContain('script-src');
    expect(first.headers['content-security-policy']).toContain(`frame-ancestors ${SHOP}`);
    expect(first.body).not.toContain('puente-frame.js');
    expect(String(first.headers['set-cookie'])).not.toContain('Partitioned');
    expect((await harness.services.funnels.load(session.token))?.funnel.widgetOrigin).toBeNull();

    const walked = await walkPayment(client, `${session.path}?widget_origin=https://evil.example`, payer);
    expect(walked.redirect).toMatch(new RegExp(`^${SHOP}/ok\\?jwt=`));
  });

  it('is ignored when it only resembles a registered origin', async () => {
    const session = await newSession(harness);
    for (const lookalike of [
      `${SHOP}/`,
      `${SHOP}.evil.example`,
      'http://tienda.example',
      SHOP.toUpperCase(),
    ]) {
      await harness.app.inject(`${session.path}?widget_origin=${encodeURIComponent(lookalike)}`);
      expect((await harness.services.funnels.load(session.token))?.funnel.widgetOrigin).toBeNull();
    }
  });

  it('when registered, ends in a page that hands the signed JWT to the frame script instead of redirecting', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    const path = `${session.path}?widget_origin=${encodeURIComponent(SHOP)}`;
    const first = await harness.app.inject(path);
    expect(first.headers['content-security-policy']).toContain("script-src 'self'");
    expect(first.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(first.body).toContain(`<script src="/assets/puente-frame.js" data-widget-origin="${SHOP}"`);
    expect(String(first.headers['set-cookie'])).toContain('SameSite=None; Partitioned');
    expect((await harness.services.funnels.load(session.token))?.funnel.widgetOrigin).toBe(SHOP);

    const walked = await walkPayment(client, path, payer);
    expect(walked.redirect).toBeNull();
    expect(walked.status).toBe(200);
    const jwt = /data-jwt="([^"]+)"/.exec(walked.page)?.[1];
    expect(walked.page).toContain('data-status="success"');
    await expect(verifyNotification(jwt, session.signatureToken)).resolves.toMatchObject({
      sessionToken: session.token,
      paymentStatus: 'success',
    });
    // Reloading the session page in the frame leads to the same result page, never to a redirect.
    const again = await client.get(session.path);
    expect(again.location).toBe(`/session/${session.token}/result?lang=es`);
    expect((await client.get(again.location ?? '')).status).toBe(200);
  });

  it('stops applying once the merchant removes the origin from its list', async () => {
    const session = await newSession(harness);
    const client = new FunnelClient(harness.baseUrl);
    await client.get(`${session.path}?widget_origin=${encodeURIComponent(SHOP)}`);
    const merchant = harness.merchant.merchant;
    await harness.services.merchants.update(merchant.code, { frameOrigins: [] });
    try {
      const walked = await walkPayment(client, session.path, payer);
      expect(walked.redirect).toMatch(new RegExp(`^${SHOP}/ok\\?jwt=`));
    } finally {
      await harness.services.merchants.update(merchant.code, { frameOrigins: [SHOP] });
    }
  });
});

describe('widget assets', () => {
  it('serves puente-widget.js to any origin and puente-frame.js to our own pages only', async () => {
    const widget = await harness.app.inject('/assets/puente-widget.js');
    expect(widget.statusCode).toBe(200);
    expect(widget.headers['content-type']).toContain('text/javascript');
    expect(widget.headers['access-control-allow-origin']).toBe('*');
    expect(widget.body).toContain('PuenteWidget');
    const frame = await harness.app.inject('/assets/puente-frame.js');
    expect(frame.statusCode).toBe(200);
    expect(frame.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(frame.headers['access-control-allow-origin']).toBeUndefined();
  });
});
