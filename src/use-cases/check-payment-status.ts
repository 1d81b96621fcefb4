import { validationError } from '../domain/errors.ts';
import type { Merchant } from '../domain/merchant.ts';
import type { PaymentSession } from '../domain/session.ts';
import type { Credentials } from '../ports/credentials.ts';
import type { MerchantStore } from '../ports/merchant-store.ts';
import type { SessionStore } from '../ports/session-store.ts';
import { authenticateMerchantToken } from './authenticate-merchant.ts';

export interface CheckPaymentStatusInput {
  merchantApiToken: string;
  merchantCode: string | null;
  paymentToken: string | null;
  merchantOrderId: string | null;
  sessionToken: string | null;
}

/** The merchant's sessions matching every criterion given, newest first; never another merchant's. */
export async function checkPaymentStatus(
  deps: {
    merchants: MerchantStore;
    sessions: SessionStore;
    credentials: Credentials;
    /** Admission of the authenticated merchant (its rate limit); throws to refuse. */
    admit?: (merchant: Merchant) => Promise<void>;
  },
  input: CheckPaymentStatusInput,
): Promise<PaymentSession[]> {
  const merchant = await authenticateMerchantToken(deps, input.merchantApiToken, input.merchantCode);
  await deps.admit?.(merchant);
  if (!input.paymentToken && !input.merchantOrderId && !input.sessionToken) {
    throw validationError(
      'payment_token',
      'give at least one of payment_token, merchant_order_id or session_token',
    );
  }
  return deps.sessions.search({
    merchantId: merchant.id,
    ...(input.paymentToken ? { paymentToken: input.paymentToken } : {}),
    ...(input.merchantOrderId ? { merchantOrderId: input.merchantOrderId } : {}),
    ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}),
  });
}
