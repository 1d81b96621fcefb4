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
  active: boolean;
}
