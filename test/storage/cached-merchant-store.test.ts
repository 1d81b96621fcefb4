import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../../src/adapters/crypto/hash.ts';
import { NodeCredentials } from '../../src/adapters/crypto/node-credentials.ts';
import { CachedMerchantStore } from '../../src/adapters/sql/cached-merchant-store.ts';
import { SqlMerchantStore } from '../../src/adapters/sql/sql-merchant-store.ts';
import type { Database } from '../../src/ports/database.ts';
import { createMerchant } from '../../src/use-cases/manage-merchants.ts';
import { createTestDatabase } from '../support/database.ts';

let db: Database;
let clock = 0;
let cached: CachedMerchantStore;
/** Another process's view of the same database (the CLI, another instance). */
let elsewhere: SqlMerchantStore;
const credentials = new NodeCredentials();

const settings = {
  name: 'Tienda',
  environment: 'sandbox' as const,
  completedUrl: null,
  cancellationUrl: null,
  webhookUrl: null,
  frameOrigins: [],
  amountLimit: 100_000,
  active: true,
};

beforeAll(async () => {
  db = await createTestDatabase();
  cached = new CachedMerchantStore(new SqlMerchantStore(db), 2_000, () => clock);
  elsewhere = new SqlMerchantStore(db);
});

afterAll(async () => {
  await db.close();
});

describe('CachedMerchantStore', () => {
  it('forgets at once what changes through it: a rotated token stops working immediately', async () => {
    const { merchant, apiToken } = await createMerchant({ merchants: cached, credentials }, settings);
    expect((await cached.findByTokenHash(hashApiToken(apiToken)))?.code).toBe(merchant.code);
    await cached.replaceTokenHash(merchant.code, hashApiToken('rotated-token'));
    expect(await cached.findByTokenHash(hashApiToken(apiToken))).toBeNull();
    await cached.update(merchant.code, { active: false });
    expect((await cached.findByTokenHash(hashApiToken('rotated-token')))?.active).toBe(false);
  });

  it("sees another process's changes once the time to live has passed, and not before", async () => {
    const { merchant, apiToken } = await createMerchant({ merchants: cached, credentials }, settings);
    expect((await cached.findByTokenHash(hashApiToken(apiToken)))?.active).toBe(true);
    await elsewhere.update(merchant.code, { active: false });
    clock += 1_000;
    expect((await cached.findByTokenHash(hashApiToken(apiToken)))?.active).toBe(true);
    clock += 1_001;
    expect((await cached.findByTokenHash(hashApiToken(apiToken)))?.active).toBe(false);
    await elsewhere.replaceTokenHash(merchant.code, hashApiToken('another'));
    clock += 2_001;
    expect(await cached.findByTokenHash(hashApiToken(apiToken))).toBeNull();
  });

  it('never keeps a miss: a merchant created elsewhere works at once', async () => {
    expect(await cached.findByTokenHash(hashApiToken('not-yet'))).toBeNull();
    await elsewhere.create({
      ...settings,
      onePaymentPerOrder: false,
      code: 'sbx_created_elsewhere',
      apiTokenHash: hashApiToken('not-yet'),
    });
    expect((await cached.findByTokenHash(hashApiToken('not-yet')))?.code).toBe('sbx_created_elsewhere');
  });

  it('keeps a merchant by id the same way: a change through it at once, one made elsewhere within the time to live', async () => {
    const { merchant } = await createMerchant({ merchants: cached, credentials }, settings);
    expect((await cached.findById(merchant.id))?.name).toBe('Tienda');
    await cached.update(merchant.code, { name: 'Tienda nueva' });
    expect((await cached.findById(merchant.id))?.name).toBe('Tienda nueva');
    await elsewhere.update(merchant.code, { active: false });
    clock += 1_000;
    expect((await cached.findById(merchant.id))?.active).toBe(true);
    clock += 1_001;
    expect((await cached.findById(merchant.id))?.active).toBe(false);
    expect(await cached.findById(987_654)).toBeNull();
  });
});
