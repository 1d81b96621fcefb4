import { PuenteError } from '../domain/errors.ts';
import type { Merchant } from '../domain/merchant.ts';
import type { Credentials } from '../ports/credentials.ts';
import type { MerchantStore } from '../ports/merchant-store.ts';

/**
 * Finds the merchant whose API token this is. The token is looked up by its hash (an index probe whose
 * timing says nothing about the token); the error never says which half of the credentials was wrong.
 */
export async function authenticateMerchantToken(
  deps: { merchants: MerchantStore; credentials: Credentials },
  apiToken: string,
  code: string | null,
): Promise<Merchant> {
  const merchant = await deps.merchants.findByTokenHash(deps.credentials.hashToken(apiToken));
  if (!merchant || (code !== null && merchant.code !== code)) {
    // Names only what was sent: a status query may identify the merchant by its token alone.
    throw new PuenteError(
      'invalid_credentials',
      code === null ? 'merchant_api_token is not valid' : 'merchant_code or merchant_api_token is not valid',
    );
  }
  if (!merchant.active) {
    throw new PuenteError(
      'merchant_inactive',
      'this merchant account is suspended; contact the gateway operator',
    );
  }
  return merchant;
}
