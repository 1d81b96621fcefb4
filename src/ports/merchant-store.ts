import type { Merchant, MerchantSettings } from '../domain/merchant.ts';

/**
 * Merchants and their API credentials. The API token itself is never stored: only its SHA-256, which is
 * how a request's token is looked up.
 *
 * @example
 *   const merchant = await merchants.findByTokenHash(sha256(body.merchant_api_token));
 */
export interface MerchantStore {
  create(settings: MerchantSettings & { code: string; apiTokenHash: Buffer }): Promise<Merchant>;
  findByTokenHash(apiTokenHash: Buffer): Promise<Merchant | null>;
  findByCode(code: string): Promise<Merchant | null>;
  findById(id: number): Promise<Merchant | null>;
  list(): Promise<Merchant[]>;
  /** Returns the updated merchant, or null when no merchant has that code. */
  update(code: string, changes: Partial<MerchantSettings>): Promise<Merchant | null>;
  /** Replaces the token hash, so the previous token stops working at once. */
  replaceTokenHash(code: string, apiTokenHash: Buffer): Promise<Merchant | null>;
}
