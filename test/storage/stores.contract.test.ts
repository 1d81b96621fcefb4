import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../../src/adapters/crypto/hash.ts';
import { migrate } from '../../src/adapters/sql/migrate.ts';
import { SqlMerchantStore } from '../../src/adapters/sql/sql-merchant-store.ts';
import { SqlSessionStore } from '../../src/adapters/sql/sql-session-store.ts';
import type { MerchantSettings } from '../../src/domain/merchant.ts';
import type { NewPaymentSession } from '../../src/domain/session.ts';
import type { Database, SqlExecutor } from '../../src/ports/database.ts';
import { createTestDatabase, databaseKind } from '../support/database.ts';

/**
 * The storage contract: the same suite on whichever adapter this run uses (PGlite by default, PostgreSQL
 * when DATABASE_URL is set). CI runs the suite once each way.
 */
let db: Database;
let merchants: SqlMerchantStore;
let sessions: SqlSessionStore;

const settings: MerchantSettings = {
  name: 'Ferretería Don Pepe',
  environment: 'sandbox',
  completedUrl: 'https://ferreteria.example/ok',
  cancellationUrl: null,
  webhookUrl: 'https://ferreteria.example/hook',
  frameOrigins: ['https://ferreteria.example'],
  amountLimit: 2_500_000,
  onePaymentPerOrder: false,
  active: true,
};

const SEVERAL = { onePaymentPerOrder: false };
const ONCE = { onePaymentPerOrder: true };

let sequence = 0;
async function newMerchant(overrides: Partial<MerchantSettings> = {}) {
  sequence += 1;
  return merchants.create({
    ...settings,
    ...overrides,
    code: `sbx_contract${sequence}`,
    apiTokenHash: hashApiToken(`token-${sequence}`),
  });
}

function newSession(merchantId: number, overrides: Partial<NewPaymentSession> = {}): NewPaymentSession {
  sequence += 1;
  return {
    token: `T${String(sequence).padStart(63, '0')}`,
    merchantId,
    merchantOrderId: 'OC-1',
    orderAmount: 123_456,
    customerEmail: null,
    userBankCode: 'cl_estado',
    userRut: '11111111-1',
    isRutBlock: true,
    metadata: [{ name: 'Ñandú "quoted"', value: 'añejo <b>', show: true }],
    completedUrl: null,
    cancellationUrl: null,
    webhookUrl: null,
    concat: '&',
    signatureTokenSealed: 'v1.sealed',
    expiresAt: new Date('2030-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** The database as it is, counting the statements sent through it. */
function countingStatements(inner: SqlExecutor): SqlExecutor & { statements: number } {
  const counted = {
    statements: 0,
    query<Row>(sql: string, params?: readonly unknown[], options?: { name?: string }) {
      counted.statements += 1;
      return inner.query<Row>(sql, params, options);
    },
    exec: (script: string) => inner.exec(script),
  };
  return counted;
}

beforeAll(async () => {
  db = await createTestDatabase();
  merchants = new SqlMerchantStore(db);
  sessions = new SqlSessionStore(db);
});

afterAll(async () => {
  await db.close();
});

describe(`storage contract on ${databaseKind()}`, () => {
  it('migrations are idempotent', async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>(
      'select version from schema_migrations order by version',
    );
    expect(rows.map((row) => row.version)[0]).toBe(1);
  });

  it('creates a merchant and finds it by token hash, code and id', async () => {
    const created = await newMerchant();
    expect(created).toMatchObject({ ...settings, code: created.code });
    expect(typeof created.id).toBe('number');
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(await merchants.findByTokenHash(hashApiToken(`token-${sequence}`))).toEqual(created);
    expect(await merchants.findByCode(created.code)).toEqual(created);
    expect(await merchants.findById(created.id)).toEqual(created);
    expect(await merchants.findByTokenHash(hashApiToken('nobody'))).toBeNull();
    expect(await merchants.findByCode('nobody')).toBeNull();
  });

  it('stores only the hash of the API token', async () => {
    const created = await newMerchant();
    const [row] = await db.query<{ api_token_hash: Uint8Array }>(
      'select api_token_hash from merchants where id = $1',
      [created.id],
    );
    expect(Buffer.from(row?.api_token_hash ?? []).equals(hashApiToken(`token-${sequence}`))).toBe(true);
  });

  it('updates only the given settings, and rotates the token hash', async () => {
    const created = await newMerchant();
    const updated = await merchants.update(created.code, {
      name: 'Nuevo nombre',
      active: false,
      completedUrl: null,
    });
    expect(updated).toMatchObject({ ...settings, name: 'Nuevo nombre', active: false, completedUrl: null });
    expect(await merchants.update('nobody', { name: 'x' })).toBeNull();
    const rotated = await merchants.replaceTokenHash(created.code, hashApiToken('fresh'));
    expect(rotated?.id).toBe(created.id);
    expect((await merchants.findByTokenHash(hashApiToken('fresh')))?.id).toBe(created.id);
  });

  it('refuses two merchants with one code or one token hash', async () => {
    const created = await newMerchant();
    await expect(
      merchants.create({ ...settings, code: created.code, apiTokenHash: hashApiToken('other') }),
    ).rejects.toThrow();
    await expect(
      merchants.create({ ...settings, code: 'sbx_unique', apiTokenHash: hashApiToken(`token-${sequence}`) }),
    ).rejects.toThrow();
  });

  it('round-trips a session with pesos as integers, metadata as given and dates as dates', async () => {
    const merchant = await newMerchant();
    const created = await sessions.create(newSession(merchant.id), SEVERAL);
    if (created === 'order_already_paid') throw new Error('unexpected');
    expect(created).toMatchObject({
      orderAmount: 123_456,
      metadata: [{ name: 'Ñandú "quoted"', value: 'añejo <b>', show: true }],
      paymentStatus: 'pending',
      paymentStep: 'created',
      paymentToken: null,
    });
    expect(created.expiresAt.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(await sessions.findByToken(created.token)).toEqual(created);
    expect(await sessions.findByToken('missing')).toBeNull();
  });

  it('never deletes a merchant, so the sessions and order claims that name it never dangle', async () => {
    const merchant = await newMerchant();
    const created = await sessions.create(newSession(merchant.id), SEVERAL);
    if (created === 'order_already_paid') throw new Error('unexpected');
    await expect(db.query('delete from merchants where id = $1', [merchant.id])).rejects.toThrow(
      /cannot be deleted: suspend it instead/,
    );
    expect(await merchants.findById(merchant.id)).toMatchObject({ code: merchant.code });
    expect((await sessions.findByToken(created.token))?.merchantId).toBe(merchant.id);
  });

  it('with one payment per order, refuses a session for a paid order (of that merchant only)', async () => {
    const merchant = await newMerchant({ onePaymentPerOrder: true });
    const first = await sessions.create(newSession(merchant.id, { merchantOrderId: 'PAID-1' }), ONCE);
    if (first === 'order_already_paid') throw new Error('unexpected');
    await db.query("update payment_sessions set payment_status = 'success' where id = $1", [first.id]);
    expect(await sessions.create(newSession(merchant.id, { merchantOrderId: 'PAID-1' }), ONCE)).toBe(
      'order_already_paid',
    );
    const other = await newMerchant();
    expect(await sessions.create(newSession(other.id, { merchantOrderId: 'PAID-1' }), ONCE)).not.toBe(
      'order_already_paid',
    );
  });

  it('by default, lets one order id be paid several times: each session is its own payment', async () => {
    const merchant = await newMerchant();
    const first = await sessions.create(newSession(merchant.id, { merchantOrderId: 'EVENT-7' }), SEVERAL);
    if (first === 'order_already_paid') throw new Error('unexpected');
    await db.query("update payment_sessions set payment_status = 'success' where id = $1", [first.id]);
    const second = await sessions.create(newSession(merchant.id, { merchantOrderId: 'EVENT-7' }), SEVERAL);
    if (second === 'order_already_paid')
      throw new Error('a default merchant may sell again under one order id');
    await db.query("update payment_sessions set payment_status = 'success' where id = $1", [second.id]);
    const paid = await sessions.search({ merchantId: merchant.id, merchantOrderId: 'EVENT-7' });
    expect(paid.map((session) => [session.id, session.paymentStatus])).toEqual([
      [second.id, 'success'],
      [first.id, 'success'],
    ]);
  });

  it('creates concurrent sessions in one statement, each exactly as if alone', async () => {
    const merchant = await newMerchant();
    const counted = countingStatements(db);
    const batched = new SqlSessionStore(counted, { batchCreates: { maxInFlight: 1, maxBatch: 64 } });
    const wanted = Array.from({ length: 12 }, (_, index) =>
      newSession(merchant.id, {
        merchantOrderId: `BATCH-${index}`,
        orderAmount: 1_000 + index,
        userRut: index % 2 === 0 ? '11111111-1' : null,
        isRutBlock: index % 2 === 0,
        customerEmail: index % 3 === 0 ? `pagador${index}@example.cl` : null,
        metadata: index % 4 === 0 ? [] : [{ name: `Ítem ${index}`, value: 'añejo <b> "x"', show: false }],
        expiresAt: new Date(Date.UTC(2030, 0, 1, 0, index, 0, 7)),
      }),
    );
    const created = await Promise.all(wanted.map((session) => batched.create(session, SEVERAL)));
    expect(counted.statements).toBe(1);
    for (const [index, session] of created.entries()) {
      if (session === 'order_already_paid') throw new Error('unexpected');
      expect(session).toMatchObject({ ...wanted[index], paymentStatus: 'pending', paymentToken: null });
      expect(await sessions.findByToken(session.token)).toEqual(session);
    }
    expect(new Set(created.map((session) => (session as { id: number }).id)).size).toBe(wanted.length);
  });

  it('in one statement, refuses only the sessions whose order is paid', async () => {
    const merchant = await newMerchant({ onePaymentPerOrder: true });
    const paid = await sessions.create(newSession(merchant.id, { merchantOrderId: 'PAID-B' }), ONCE);
    if (paid === 'order_already_paid') throw new Error('unexpected');
    await db.query("update payment_sessions set payment_status = 'success' where id = $1", [paid.id]);
    const counted = countingStatements(db);
    const batched = new SqlSessionStore(counted, { batchCreates: { maxInFlight: 1, maxBatch: 64 } });
    const [again, unpaid, several] = await Promise.all([
      batched.create(newSession(merchant.id, { merchantOrderId: 'PAID-B' }), ONCE),
      batched.create(newSession(merchant.id, { merchantOrderId: 'UNPAID-B' }), ONCE),
      batched.create(newSession(merchant.id, { merchantOrderId: 'PAID-B' }), SEVERAL),
    ]);
    expect(counted.statements).toBe(1);
    expect(again).toBe('order_already_paid');
    expect(unpaid).toMatchObject({ merchantOrderId: 'UNPAID-B', paymentStatus: 'pending' });
    expect(several).toMatchObject({ merchantOrderId: 'PAID-B', paymentStatus: 'pending' });
  });

  it('fails only the session the table refuses when a shared statement fails', async () => {
    const merchant = await newMerchant();
    const counted = countingStatements(db);
    const failures: { error: unknown; sessions: number }[] = [];
    const batched = new SqlSessionStore(counted, {
      batchCreates: { maxInFlight: 1, maxBatch: 64 },
      onBatchFailed: (error, sessions) => failures.push({ error, sessions }),
    });
    const [good, refused, alsoGood] = await Promise.allSettled([
      batched.create(newSession(merchant.id, { merchantOrderId: 'GOOD-1' }), SEVERAL),
      batched.create(newSession(merchant.id, { merchantOrderId: 'ZERO', orderAmount: 0 }), SEVERAL),
      batched.create(newSession(merchant.id, { merchantOrderId: 'GOOD-2' }), SEVERAL),
    ]);
    expect(counted.statements).toBe(4); // the shared statement, then each session alone
    expect(failures).toHaveLength(1);
    expect(failures[0]?.sessions).toBe(3);
    expect(String(failures[0]?.error)).toMatch(/order_amount_check/);
    expect(good).toMatchObject({ status: 'fulfilled', value: { merchantOrderId: 'GOOD-1' } });
    expect(alsoGood).toMatchObject({ status: 'fulfilled', value: { merchantOrderId: 'GOOD-2' } });
    expect(refused.status).toBe('rejected');
    expect(String((refused as PromiseRejectedResult).reason)).toMatch(/order_amount_check/);
    expect(await sessions.search({ merchantId: merchant.id })).toHaveLength(2);
  });

  it('keeps an order id byte for byte: spaces, colons, accents, emoji', async () => {
    const merchant = await newMerchant();
    const orderId = '7-3-2026-12-01 21:20:05.123456 Ñuñoa 🎟️';
    const created = await sessions.create(newSession(merchant.id, { merchantOrderId: orderId }), SEVERAL);
    if (created === 'order_already_paid') throw new Error('unexpected');
    const [found] = await sessions.search({ merchantId: merchant.id, merchantOrderId: orderId });
    expect(found?.merchantOrderId).toBe(orderId);
  });

  it('searches one merchant at a time, newest first, by every criterion', async () => {
    const merchant = await newMerchant();
    const other = await newMerchant();
    const a = await sessions.create(newSession(merchant.id, { merchantOrderId: 'SEARCH' }), SEVERAL);
    const b = await sessions.create(newSession(merchant.id, { merchantOrderId: 'SEARCH' }), SEVERAL);
    await sessions.create(newSession(other.id, { merchantOrderId: 'SEARCH' }), SEVERAL);
    if (a === 'order_already_paid' || b === 'order_already_paid') throw new Error('unexpected');
    await db.query("update payment_sessions set payment_token = 'pay_contract' where id = $1", [a.id]);
    const byOrder = await sessions.search({ merchantId: merchant.id, merchantOrderId: 'SEARCH' });
    expect(byOrder.map((session) => session.id)).toEqual([b.id, a.id]);
    expect(
      (await sessions.search({ merchantId: merchant.id, paymentToken: 'pay_contract' })).map((s) => s.id),
    ).toEqual([a.id]);
    expect(
      (await sessions.search({ merchantId: merchant.id, sessionToken: b.token })).map((s) => s.id),
    ).toEqual([b.id]);
    expect(await sessions.search({ merchantId: other.id, sessionToken: b.token })).toEqual([]);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const merchant = await newMerchant();
    await db.transaction(async (tx) => {
      await new SqlSessionStore(tx).create(newSession(merchant.id, { merchantOrderId: 'TX-OK' }), SEVERAL);
    });
    await expect(
      db.transaction(async (tx) => {
        await new SqlSessionStore(tx).create(
          newSession(merchant.id, { merchantOrderId: 'TX-FAIL' }),
          SEVERAL,
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await sessions.search({ merchantId: merchant.id, merchantOrderId: 'TX-OK' })).toHaveLength(1);
    expect(await sessions.search({ merchantId: merchant.id, merchantOrderId: 'TX-FAIL' })).toHaveLength(0);
  });
});
