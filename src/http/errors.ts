import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, PuenteError } from '../domain/errors.ts';

/** The HTTP status of every error code: exhaustive, so a new code cannot ship without one. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_body: 400,
  validation_error: 400,
  invalid_credentials: 401,
  merchant_inactive: 403,
  not_found: 404,
  method_not_allowed: 405,
  order_already_paid: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
};

/** Fastify's own client errors, in Puente's terms. */
function fromFastifyError(error: FastifyError): PuenteError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PuenteError('payload_too_large', 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new PuenteError('unsupported_media_type', 'unsupported Content-Type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new PuenteError('invalid_body', 'the request body is not valid JSON');
    default:
      if (error.statusCode === 429) return new PuenteError('rate_limited', 'too many requests; slow down');
      if (error.statusCode === 404) return new PuenteError('not_found', 'not found');
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return new PuenteError('invalid_body', 'the request could not be read');
      }
      return null;
  }
}

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  request_id: string;
}

/**
 * Every error leaves as `{code, message, request_id}` with the status of its code. Anything that is not
 * a known client error is logged in full and answered with a plain 500 whose text reveals nothing.
 */
export function errorHandler(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = error instanceof PuenteError ? error : fromFastifyError(error as FastifyError);
  if (!known) {
    request.log.error({ err: error }, 'unexpected error');
    void reply
      .status(500)
      .send({ code: 'internal_error', message: 'something went wrong on our side', request_id: request.id });
    return;
  }
  const body: ErrorBody = { code: known.code, message: known.message, request_id: request.id };
  if (known.field) body.field = known.field;
  void reply.status(STATUS_BY_CODE[known.code]).send(body);
}
