import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Merchant } from '../../domain/merchant.ts';
import type { PaymentSession } from '../../domain/session.ts';
import type { PaymentJwtSigner, SecretSealer } from '../../ports/secrets.ts';

/** The claims of a payment notification (DESIGN §5), as the merchant protocol names them. */
export interface PaymentClaims {
  session_token: string;
  payment_token: string | null;
  merchant_order_id: string;
  merchant_code: string;
  order_amount: number;
  payment_status: string;
  payment_step: string;
  user_bank_code: string | null;
  user_rut: string | null;
}

export function paymentClaims(session: PaymentSession, merchant: Pick<Merchant, 'code'>): PaymentClaims {
  return {
    session_token: session.token,
    payment_token: session.paymentToken,
    merchant_order_id: session.merchantOrderId,
    merchant_code: merchant.code,
    order_amount: session.orderAmount,
    payment_status: session.paymentStatus,
    payment_step: session.paymentStep,
    user_bank_code: session.userBankCode,
    user_rut: session.userRut,
  };
}

/**
 * Signs a notification with the session's `signature_token` (HS256). `jti` names the event: a webhook
 * keeps the same JWT bytes (and so the same `jti`) on every retry, so it is signed once and stored.
 */
export async function signPaymentJwt(
  claims: PaymentClaims,
  signatureToken: string,
  options: { jti?: string; issuedAt?: Date } = {},
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(Math.floor((options.issuedAt ?? new Date()).getTime() / 1000))
    .setJti(options.jti ?? randomUUID())
    .sign(new TextEncoder().encode(signatureToken));
}

/** Signs with the session's own signature token, unsealed only for the signature. */
export class SessionKeyJwtSigner implements PaymentJwtSigner {
  constructor(private readonly sealer: SecretSealer) {}

  sign(session: PaymentSession, merchant: Pick<Merchant, 'code'>, options: { jti?: string } = {}) {
    return signPaymentJwt(
      paymentClaims(session, merchant),
      this.sealer.open(session.signatureTokenSealed),
      options,
    );
  }
}
