import type { BankCode } from '../../domain/banks.ts';

/**
 * A call that our own code got wrong (the bank refused its shape, or an idempotency key was reused for a
 * different transfer). Thrown, never returned: the port returns expected outcomes and throws faults.
 * Messages never hold what the payer typed.
 */
export class BankProtocolError extends Error {
  override readonly name = 'BankProtocolError';
  constructor(
    readonly bankCode: BankCode,
    readonly reason: 'invalid_request' | 'idempotency_conflict',
    message: string,
  ) {
    super(`${bankCode}: ${message}`);
  }
}

/** The bank could not be asked (statement only: the other calls return `unavailable` or `unknown`). */
export class BankUnavailableError extends Error {
  override readonly name = 'BankUnavailableError';
  constructor(
    readonly bankCode: BankCode,
    why: string,
  ) {
    super(`${bankCode}: bank unavailable (${why})`);
  }
}
