import type { Environment } from './banks.ts';

export interface Merchant {
  id: number;
  /** Public identifier sent by the merchant's server with every call. */
  code: string;
  /** Shown to payers in the funnel. */
  name: string;
  environment: Environment;
  completedUrl: string | null;
  cancellationUrl: string | null;
  webhookUrl: string | null;
  /** Origins allowed to frame the funnel (CSP `frame-ancestors`). */
  frameOrigins: string[];
  /** The largest `order_amount` accepted, in pesos. */
  amountLimit: number;
  /**
   * Order policy: when true, a `merchant_order_id` is paid at most once (a new session for a paid order is
   * refused with 409; two sessions racing never both transfer). When false (the default, as the original
   * protocol), each session is its own payment and an order id may be paid several times.
   */
  onePaymentPerOrder: boolean;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What an operator may set when creating or editing a merchant. */
export interface MerchantSettings {
  name: string;
  environment: Environment;
  completedUrl: string | null;
  cancellationUrl: string | null;
  webhookUrl: string | null;
  frameOrigins: string[];
  amountLimit: number;
  onePaymentPerOrder: boolean;
  active: boolean;
}
