import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { ensureDemoMerchant } from '../../src/use-cases/demo-merchant.ts';
import { createTestServices } from '../support/services.ts';

let services: Services;
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

describe('the demo merchant', () => {
  it("registers the demo shop's origin for the widget, also on a data folder made before it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'puente-demo-'));
    const options = { dataDir, publicUrl: 'http://localhost:3000', amountLimit: 1_000_000 };
    const first = await ensureDemoMerchant(services, options);
    expect(first?.created).toBe(true);
    expect(first?.credentials.merchant.frameOrigins).toEqual([]);

    const shop = 'http://localhost:8082';
    const again = await ensureDemoMerchant(services, { ...options, frameOrigin: shop });
    expect(again?.created).toBe(false);
    expect(again?.credentials.merchant.frameOrigins).toEqual([shop]);
    const code = first?.credentials.merchant.code ?? '';
    expect((await services.merchants.findByCode(code))?.frameOrigins).toEqual([shop]);

    // Once there, it is not added twice.
    await ensureDemoMerchant(services, { ...options, frameOrigin: shop });
    expect((await services.merchants.findByCode(code))?.frameOrigins).toEqual([shop]);
  });
});
