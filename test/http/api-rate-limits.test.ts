import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices, type Services } from '../../src/composition.ts';
import { buildTestApp } from '../support/http.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

/**
 * The merchant API's limits hold for the deployment and count the right thing: requests per authenticated
 * merchant, and failed authentications per client address.
 */
let services: Services;
let app: FastifyInstance;
let other: { services: Services; app: FastifyInstance };

beforeAll(async () => {
  services = await createTestServices({
    PUENTE_API_RATE_LIMIT: '3',
    PUENTE_API_AUTH_FAILURES_PER_MINUTE: '5',
  });
  app = await buildTestApp(services);
  // A second gateway instance on the same database, as behind a load balancer.
  const second = buildServices(services.config, services.db);
  other = { services: second, app: await buildTestApp(second) };
});
afterAll(async () => {
  await other?.app.close();
  await app.close();
  await services.close();
});

function post(target: FastifyInstance, url: string, body: unknown, remoteAddress: string) {
  return target.inject({
    method: 'POST',
    url,
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

describe('merchant API limits', () => {
  it("a stranger who knows a shop's public code cannot drain the shop's allowance", async () => {
    const shop = await createTestMerchant(services);
    const order = (n: number) => ({
      merchant_code: shop.merchant.code,
      merchant_api_token: shop.apiToken,
      merchant_order_id: `OC-${n}`,
      order_amount: 1_000,
    });
    const stranger: number[] = [];
    for (let n = 0; n < 20; n++) {
      const answer = await post(
        app,
        '/session/initialize',
        { ...order(n), merchant_api_token: `wrong-${n}` },
        '203.0.113.9',
      );
      stranger.push(answer.statusCode);
    }
    // Five failures are allowed; then the address is refused before any lookup.
    expect(stranger.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(stranger.slice(5).every((status) => status === 429)).toBe(true);
    const refused = await post(app, '/session/initialize', order(99), '203.0.113.9');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/failed authentications from this address/);

    // The shop, from its own address, is untouched by all that.
    for (let n = 0; n < 5; n++) {
      expect((await post(app, '/session/initialize', order(100 + n), '198.51.100.7')).statusCode).toBe(200);
    }
  });

  it("one merchant's allowance is shared by every instance, not multiplied by them", async () => {
    const shop = await createTestMerchant(services);
    const body = { merchant_api_token: shop.apiToken, merchant_order_id: 'OC-LIMIT' };
    const statuses: number[] = [];
    for (let n = 0; n < 16; n++) {
      const target = n % 2 === 0 ? app : other.app;
      statuses.push((await post(target, '/merchant/check_payment_status', body, '198.51.100.8')).statusCode);
    }
    const allowed = statuses.filter((status) => status === 200).length;
    // A burst of 6 (twice 3 a second) plus what refills while the requests run; two per-process buckets
    // would have let all 16 through.
    expect(allowed).toBeGreaterThanOrEqual(6);
    expect(allowed).toBeLessThan(16);
    expect(statuses).toContain(429);
    // Another merchant is not slowed by the first one's use.
    const rival = await createTestMerchant(services);
    const answer = await post(
      other.app,
      '/merchant/check_payment_status',
      { merchant_api_token: rival.apiToken, merchant_order_id: 'OC-LIMIT' },
      '198.51.100.8',
    );
    expect(answer.statusCode).toBe(200);
  });
});
