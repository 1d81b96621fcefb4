import { randomToken } from '../../src/adapters/crypto/random-token.ts';
import type { Services } from '../../src/composition.ts';

/**
 * A session whose status turned final the way the funnel does it: one transaction sets the payment token
 * and the status and records the notification event. `rollback` throws at the end of that transaction
 * instead. Imports nothing from the test runner, so child processes and benchmarks use it too.
 */
export async function commitFinalPayment(
  services: Services,
  options: {
    merchantId: number;
    webhookUrl: string | null;
    status?: 'success' | 'error' | 'cancelled' | 'expired';
    bankChosen?: boolean;
    rollback?: boolean;
    userRut?: string | null;
    orderAmount?: number;
  },
) {
  const signatureToken = randomToken(64);
  const session = await services.sessions.create(
    {
      token: randomToken(64),
      merchantId: options.merchantId,
      merchantOrderId: `OC-${randomToken(12)}`,
      orderAmount: options.orderAmount ?? 50_000,
      customerEmail: null,
      userBankCode: 'cl_test',
      userRut: options.userRut ?? null,
      isRutBlock: false,
      metadata: [],
      completedUrl: null,
      cancellationUrl: null,
      webhookUrl: options.webhookUrl,
      concat: '&',
      signatureTokenSealed: services.secretBox.seal(signatureToken),
      expiresAt: new Date(Date.now() + 30 * 60_000),
    },
    { onePaymentPerOrder: false },
  );
  if (session === 'order_already_paid') throw new Error('unexpected: a fresh order is already paid');
  const status = options.status ?? 'success';
  const paymentToken = options.bankChosen === false ? null : randomToken(64);
  const work = services.db.transaction(async (tx) => {
    await tx.query(
      `update payment_sessions set payment_token = $2, payment_status = $3, payment_step = $4, updated_at = now()
       where id = $1`,
      [session.id, paymentToken, status, status === 'success' ? 'transfer_confirmed' : 'bank_selected'],
    );
    await services.paymentEvents.recordStatusChange(tx, { sessionId: session.id, status });
    if (options.rollback) throw new Error('rolled back on purpose');
  });
  if (options.rollback) await work.catch(() => {});
  else await work;
  return { session, signatureToken, paymentToken, committedAt: Date.now() };
}
