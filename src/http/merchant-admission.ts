import type { FastifyRequest } from 'fastify';
import type { Services } from '../composition.ts';
import { PuenteError } from '../domain/errors.ts';
import type { Merchant } from '../domain/merchant.ts';

/**
 * Rate limits of the merchant API (DESIGN §10), for the whole deployment:
 * - per merchant, counted only once the request proved it is that merchant (a stranger who knows a shop's
 *   public code cannot drain the shop's allowance);
 * - per client address, counting failed authentications, so guessing tokens is slow and, once an address
 *   is refused, its requests are answered 429 before any database work.
 *
 * `run` gets the `admit` step to call right after authenticating the merchant.
 */
export async function withMerchantAdmission<T>(
  services: Services,
  request: FastifyRequest,
  run: (admit: (merchant: Merchant) => Promise<void>) => Promise<T>,
): Promise<T> {
  const address = request.ip;
  if (services.apiAuthFailureLimit.refusedRecently(address)) throw tooManyFailures();
  const admit = async (merchant: Merchant) => {
    if (!(await services.apiMerchantLimit.take(String(merchant.id)))) {
      throw new PuenteError('rate_limited', 'too many requests for this merchant; slow down and retry');
    }
  };
  try {
    return await run(admit);
  } catch (error) {
    if (error instanceof PuenteError && error.code === 'invalid_credentials') {
      if (!(await services.apiAuthFailureLimit.take(address))) throw tooManyFailures();
    }
    throw error;
  }
}

function tooManyFailures(): PuenteError {
  return new PuenteError(
    'rate_limited',
    'too many failed authentications from this address; check merchant_code and merchant_api_token, then retry later',
  );
}
