import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { buildTestApp } from '../support/http.ts';
import { createTestServices } from '../support/services.ts';

const PRODUCTION = {
  PUENTE_ENV: 'production',
  // Required by the settings; the test database itself is handed over by the test helper.
  DATABASE_URL: 'postgres://unused.invalid/puente',
  PUENTE_API_URL: 'https://api.puente.example',
  PUENTE_PAYMENT_URL: 'https://pay.puente.example',
  PUENTE_WEBHOOK_ALLOW_PRIVATE: 'false',
};

describe('settings that keep a deployment safe', () => {
  const base = { PUENTE_SECRET_KEY: 'a'.repeat(64), PUENTE_DATA_DIR: '/tmp/puente-unused' };

  it('trusts only the named proxies in production, never every hop', () => {
    expect(() => loadConfig({ ...base, ...PRODUCTION, PUENTE_TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...PRODUCTION, PUENTE_TRUST_PROXY: 'proxy.example' })).toThrow(
      /PUENTE_TRUST_PROXY/,
    );
    expect(
      loadConfig({ ...base, ...PRODUCTION, PUENTE_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' }).PUENTE_TRUST_PROXY,
    ).toBe('10.0.0.5, 10.1.0.0/16');
  });

  it('lets webhooks reach private addresses only in local development', () => {
    expect(loadConfig({ ...base }).PUENTE_WEBHOOK_ALLOW_PRIVATE).toBe('true');
    expect(
      loadConfig({ ...base, PUENTE_API_URL: 'https://sandbox.puente.example' }).PUENTE_WEBHOOK_ALLOW_PRIVATE,
    ).toBe('false');
    expect(() => loadConfig({ ...base, ...PRODUCTION, PUENTE_WEBHOOK_ALLOW_PRIVATE: 'true' })).toThrow(
      /PUENTE_WEBHOOK_ALLOW_PRIVATE/,
    );
  });
});

describe('a production gateway', () => {
  let services: Services;
  beforeAll(async () => {
    services = await createTestServices(PRODUCTION);
  });
  afterAll(async () => services?.close());

  it('sends HSTS and keeps /metrics to those with its token', async () => {
    const app = await buildTestApp(services);
    const health = await app.inject({ method: 'GET', url: '/metrics' });
    expect(health.statusCode).toBe(403);
    expect(health.json().message).toContain('PUENTE_METRICS_TOKEN');
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await app.close();
  });
});
