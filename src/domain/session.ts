import type { BankCode } from './banks.ts';
import type { PaymentStatus, PaymentStep } from './payment.ts';

export interface MetadataItem {
  name: string;
  value: string;
  show: boolean;
}

/** A payment session as created by `POST /session/initialize`. */
export interface NewPaymentSession {
  token: string;
  merchantId: number;
  merchantOrderId: string;
  orderAmount: number;
  customerEmail: string | null;
  userBankCode: BankCode | null;
  userRut: string | null;
  isRutBlock: boolean;
  metadata: MetadataItem[];
  completedUrl: string | null;
  cancellationUrl: string | null;
  webhookUrl: string | null;
  concat: string;
  /** The per-session HMAC key, sealed by the `SecretBox`: never stored in clear. */
  signatureTokenSealed: string;
  expiresAt: Date;
}

export interface PaymentSession extends NewPaymentSession {
  id: number;
  paymentToken: string | null;
  paymentStatus: PaymentStatus;
  paymentStep: PaymentStep;
  createdAt: Date;
  updatedAt: Date;
}
