import { type BankCode, bankByCode } from '../domain/banks.ts';
import { PuenteError, validationError } from '../domain/errors.ts';
import type { Merchant } from '../domain/merchant.ts';
import { formatPesos } from '../domain/money.ts';
import type { MetadataItem } from '../domain/session.ts';
import type { Credentials } from '../ports/credentials.ts';
import type { DirectTransferStore } from '../ports/direct-transfer-store.ts';
import type { MerchantStore } from '../ports/merchant-store.ts';
import type { SecretSealer } from '../ports/secrets.ts';
import type { SessionStore } from '../ports/session-store.ts';
import { authenticateMerchantToken } from './authenticate-merchant.ts';

export interface CreatePaymentSessionInput {
  merchantCode: string;
  merchantApiToken: string;
  merchantOrderId: string;
  orderAmount: number;
  customerEmail: string | null;
  userBankCode: BankCode | null;
  userRut: string | null;
  isRutBlock: boolean | null;
  metadata: MetadataItem[];
  paymentCompletedUrl: string | null;
  paymentCancellationUrl: string | null;
  paymentWebhookUrl: string | null;
  concat: string | null;
}

export interface CreatedPaymentSession {
  token: string;
  signatureToken: string;
  expiresAt: Date;
  paymentUrl: string;
}

export interface CreatePaymentSessionDeps {
  merchants: MerchantStore;
  sessions: SessionStore;
  /** Where the merchant's money lands: a production merchant takes no payment without its account. */
  directTransfers: Pick<DirectTransferStore, 'collectingAccount'>;
  secretBox: SecretSealer;
  credentials: Credentials;
  /** Admission of the authenticated merchant (its rate limit); throws to refuse. */
  admit?: (merchant: Merchant) => Promise<void>;
  paymentBaseUrl: string;
  sessionTtlMinutes: number;
  now?: () => Date;
}

export async function createPaymentSession(
  deps: CreatePaymentSessionDeps,
  input: CreatePaymentSessionInput,
): Promise<CreatedPaymentSession> {
  const merchant = await authenticateMerchantToken(deps, input.merchantApiToken, input.merchantCode);
  await deps.admit?.(merchant);

  if (input.orderAmount > merchant.amountLimit) {
    throw validationError(
      'order_amount',
      `must be at most ${formatPesos(merchant.amountLimit)} for this merchant`,
    );
  }
  if (
    input.userBankCode &&
    bankByCode(input.userBankCode).sandboxOnly &&
    merchant.environment !== 'sandbox'
  ) {
    throw validationError('user_bank_code', `${input.userBankCode} is only available to sandbox merchants`);
  }
  if (merchant.environment === 'production') {
    for (const [name, url] of [
      ['payment_completed_url', input.paymentCompletedUrl],
      ['payment_cancellation_url', input.paymentCancellationUrl],
      ['payment_webhook_url', input.paymentWebhookUrl],
    ] as const) {
      if (url && !url.startsWith('https://'))
        throw validationError(name, 'must be an https:// URL in production');
    }
  }

  // After the request's own checks: a request that is wrong anyway is told so first.
  await requireCreditor(deps, merchant);

  const signatureToken = deps.credentials.newToken(64);
  const token = deps.credentials.newToken(64);
  const now = deps.now?.() ?? new Date();
  const expiresAt = new Date(now.getTime() + deps.sessionTtlMinutes * 60_000);
  const created = await deps.sessions.create(
    {
      token,
      merchantId: merchant.id,
      merchantOrderId: input.merchantOrderId,
      orderAmount: input.orderAmount,
      customerEmail: input.customerEmail,
      userBankCode: input.userBankCode,
      userRut: input.userRut,
      isRutBlock: Boolean(input.isRutBlock) && input.userRut !== null,
      metadata: input.metadata,
      completedUrl: input.paymentCompletedUrl ?? merchant.completedUrl,
      cancellationUrl: input.paymentCancellationUrl ?? merchant.cancellationUrl,
      webhookUrl: input.paymentWebhookUrl ?? merchant.webhookUrl,
      concat: input.concat ?? '&',
      signatureTokenSealed: deps.secretBox.seal(signatureToken),
      expiresAt,
    },
    { onePaymentPerOrder: merchant.onePaymentPerOrder },
  );
  if (created === 'order_already_paid') {
    throw new PuenteError('order_already_paid', `order ${input.merchantOrderId} has already been paid`);
  }
  return { token, signatureToken, expiresAt, paymentUrl: `${deps.paymentBaseUrl}/session/${token}` };
}

/** The message of `collecting_account_missing`: what is missing, and who sets it up. */
export const COLLECTING_ACCOUNT_MISSING =
  'this merchant has no collecting account yet, so it cannot receive payments; the gateway operator registers it (puente merchant collecting-account)';

/**
 * A production merchant's payments are sent to its collecting account: without one, no payment can be taken
 * (money is never sent to a placeholder). A sandbox merchant pays into the sandbox's placeholder meanwhile.
 */
async function requireCreditor(deps: CreatePaymentSessionDeps, merchant: Merchant): Promise<void> {
  if (merchant.environment === 'sandbox') return;
  if (await deps.directTransfers.collectingAccount(merchant.id)) return;
  throw new PuenteError('collecting_account_missing', COLLECTING_ACCOUNT_MISSING);
}
