import { randomToken } from '../../src/adapters/crypto/random-token.ts';
import type { Services } from '../../src/composition.ts';
import type { NewPaymentSession, PaymentSession } from '../../src/domain/session.ts';

/**
 * A payment session stored directly through the session store (no HTTP), for tests that start from the
 * funnel: a fresh order id and a sealed signature token unless given. Imports nothing from the test runner.
 */
export async function storeSession(
  services: Services,
  merchantId: number,
  overrides: Partial<NewPaymentSession> & { signatureToken?: string; onePaymentPerOrder?: boolean } = {},
): Promise<PaymentSession> {
  const { signatureToken = randomToken(64), onePaymentPerOrder = false, ...fields } = overrides;
  const session = await services.sessions.create(
    {
      token: randomToken(64),
      merchantId,
      merchantOrderId: `OC-${randomToken(12)}`,
      orderAmount: 50_000,
      customerEmail: null,
      userBankCode: null,
      userRut: null,
      isRutBlock: false,
      metadata: [],
      completedUrl: null,
      cancellationUrl: null,
      webhookUrl: 'https://shop.example/webhook',
      concat: '&',
      signatureTokenSealed: services.secretBox.seal(signatureToken),
      expiresAt: new Date(Date.now() + 30 * 60_000),
      ...fields,
    },
    { onePaymentPerOrder },
  );
  if (session === 'order_already_paid') throw new Error('unexpected: a fresh order is already paid');
  return session;
}
