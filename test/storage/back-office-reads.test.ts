import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { commitFinalPayment } from '../support/final-payment.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

// The back-office and operations reads through their ports, on the test database (PGlite, or PostgreSQL
// with DATABASE_URL). The routes' pages and /metrics are tested through HTTP elsewhere.
let services: Services;

beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services.close();
});

describe('BackOfficeReads', () => {
  it('answers empty lists and zeros on a database with no payments yet (the tables always exist)', async () => {
    const reads = services.backOffice;
    const startOfTime = new Date(0);
    expect(await reads.searchPayments({})).toEqual({ rows: [], next: null });
    expect(await reads.findPaymentBySessionToken('N'.repeat(64))).toBeNull();
    expect(await reads.paymentTimeline(1)).toEqual([]);
    expect(await reads.paymentDeliveries(1)).toEqual([]);
    expect(await reads.problemDeliveries({ status: 'all', limit: 10 })).toEqual([]);
    expect(await reads.webhookHealth(startOfTime)).toEqual({
      events: 0,
      delivered: 0,
      pending: 0,
      failed: 0,
      attempts: 0,
      failedAttempts: 0,
    });
    expect(await reads.dashboardFigures(startOfTime)).toMatchObject({ sessions: 0, amount: 0, byStatus: [] });
  });

  it('pages a search newest first, finds one payment, its webhooks and the ones that need an operator', async () => {
    const reads = services.backOffice;
    const { merchant } = await createTestMerchant(services);
    const payments = [];
    for (const orderAmount of [1_000, 2_000, 3_000]) {
      payments.push(
        await commitFinalPayment(services, {
          merchantId: merchant.id,
          webhookUrl: 'https://shop.example/hook',
          orderAmount,
        }),
      );
    }

    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page = await reads.searchPayments({ merchantCode: merchant.code }, { after, pageSize: 2 });
      seen.push(...page.rows.map((row) => row.orderAmount));
      after = page.next;
    } while (after);
    expect(seen).toEqual([3_000, 2_000, 1_000]);

    const last = payments[2];
    const found = await reads.findPaymentBySessionToken(last?.session.token ?? '');
    expect(found).toMatchObject({
      merchantCode: merchant.code,
      paymentStatus: 'success',
      orderAmount: 3_000,
    });
    const deliveries = await reads.paymentDeliveries(found?.id ?? 0);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ eventStatus: 'success', status: 'pending', attempts: [] });

    await services.db.query(
      `update webhook_deliveries set status = 'failed', failure_reason = 'exhausted', attempt_count = 1
        where id = $1`,
      [deliveries[0]?.id],
    );
    await services.db.query(
      `insert into webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error)
       values ($1, now(), 500, 12, null)`,
      [deliveries[0]?.id],
    );
    const failed = await reads.problemDeliveries({ status: 'failed', limit: 10 });
    expect(failed.map((delivery) => delivery.sessionToken)).toEqual([last?.session.token]);
    expect(failed[0]?.attempts.map((attempt) => attempt.statusCode)).toEqual([500]);
    expect(await reads.problemDeliveries({ status: 'retrying', limit: 10 })).toEqual([]);
    expect(await reads.webhookHealth(new Date(0))).toMatchObject({
      events: 3,
      pending: 2,
      failed: 1,
      attempts: 1,
      failedAttempts: 1,
    });
    expect(await reads.dashboardFigures(new Date(0))).toMatchObject({
      sessions: 3,
      successes: 3,
      successAmount: 6_000,
    });
  });
});

describe('OperationsReads', () => {
  it('pings the database and names its kind', async () => {
    await expect(services.operationsReads.ping()).resolves.toBeUndefined();
    expect(services.operationsReads.databaseKind).toBe(services.db.kind);
  });
});
