/**
 * An allowance of requests per key (a merchant, a client address) for the whole deployment: every instance
 * draws on the same allowance, so running more gateways does not multiply it.
 *
 * @example
 *   if (!(await merchantLimit.take(String(merchant.id)))) throw new PuenteError('rate_limited', '...');
 *   if (failures.refusedRecently(address)) throw new PuenteError('rate_limited', '...'); // no I/O
 */
export interface RateLimit {
  /** Takes one request from `key`'s allowance; false when it is used up. */
  take(key: string): Promise<boolean>;
  /** Whether this instance saw `key` refused in the last second: answered from memory, before any work. */
  refusedRecently(key: string): boolean;
}

/** No limit: every request is let through (a limit of 0 in the settings). */
export const NO_RATE_LIMIT: RateLimit = {
  take: async () => true,
  refusedRecently: () => false,
};
