import { hashApiToken } from '../adapters/crypto/hash.ts';
import { PuenteError } from '../domain/errors.ts';
import type { Merchant } from '../domain/merchant.ts';
import type { MerchantStore } from '../ports/merchant-store.ts';

/**
 * Finds the merchant whose API token this is. The token is looked up by its hash (an index probe whose
 * timing says nothing about the token); the error never says which half of the credentials was wrong.
 */
export async function authenticateMerchant(
  merchants: MerchantStore,
  apiToken: string,
  code: string | null,
): Promise<Merchant> {
  const merchant = await merchants.findByTokenHash(hashApiToken(apiToken));
  if (!merchant || (code !== null && merchant.code !== code)) {
    throw new PuenteError('invalid_credentials', 'merchant_code or merchant_api_token is not valid');
  }
  if (!merchant.active) {
    throw new PuenteError(
      'merchant_inactive',
      'this merchant account is suspended; contact the gateway operator',
    );
  }
  return merchant;
}
