/** The gateway answered with an error: `status` is the HTTP status, `code` the gateway's stable error code. */
export class PuenteApiError extends Error {
  override readonly name = 'PuenteApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The gateway's request id: quote it to the operator when asking about a failed call. */
    readonly requestId: string | null,
    /** The field the gateway rejected, for validation errors. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/**
 * The gateway could not be reached, or did not answer within `timeoutMs`. The request may or may not have
 * been processed: after a failed `createSession`, create a new session rather than reuse the order's old one.
 */
export class PuenteNetworkError extends Error {
  override readonly name = 'PuenteNetworkError';
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type InvalidNotificationReason =
  | 'missing_token'
  | 'malformed'
  | 'unsupported_algorithm'
  | 'unknown_session'
  | 'bad_signature'
  | 'invalid_claims'
  | 'wrong_merchant'
  | 'expired'
  | 'too_old'
  | 'issued_in_future';

/** A notification that must not be trusted: answer the webhook with 4xx and do not touch the order. */
export class InvalidNotificationError extends Error {
  override readonly name = 'InvalidNotificationError';
  constructor(
    readonly reason: InvalidNotificationReason,
    message: string,
  ) {
    super(message);
  }
}
