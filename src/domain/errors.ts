/**
 * Every failure a client can cause has a stable code. Use cases throw `PuenteError`; the HTTP layer maps
 * each code to a status in one table (`src/http/errors.ts`), so a new code cannot ship without one.
 */
export const ERROR_CODES = [
  'invalid_body',
  'validation_error',
  'invalid_credentials',
  'merchant_inactive',
  'collecting_account_missing',
  'order_already_paid',
  'payload_too_large',
  'rate_limited',
  'not_found',
  'method_not_allowed',
  'unsupported_media_type',
  'service_unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class PuenteError extends Error {
  override readonly name = 'PuenteError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function validationError(field: string, message: string): PuenteError {
  return new PuenteError('validation_error', `${field}: ${message}`, field);
}
