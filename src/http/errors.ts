import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, PuenteError } from '../domain/errors.ts';
import { messagePage } from './funnel/layout.ts';
import { pickLanguage, translate } from './funnel/messages.ts';
import { setFunnelHeaders } from './funnel/security-headers.ts';

/** The HTTP status of every error code: exhaustive, so a new code cannot ship without one. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_body: 400,
  validation_error: 400,
  invalid_credentials: 401,
  merchant_inactive: 403,
  not_found: 404,
  method_not_allowed: 405,
  collecting_account_missing: 409,
  order_already_paid: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  service_unavailable: 503,
};

/**
 * Whether an error means the database is away or overloaded (connection refused or lost, connect or
 * statement timeout, too many connections, shutting down): the request is answered 503 with Retry-After,
 * and the client retries, rather than a 500 that looks like a bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const fields = error as { code?: unknown; message?: unknown };
  const code = typeof fields?.code === 'string' ? fields.code : '';
  const message = typeof fields?.message === 'string' ? fields.message : '';
  return (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)$/.test(code) ||
    /^08/.test(code) || // connection exception
    /^57P0[1-3]$/.test(code) || // admin / crash shutdown, cannot connect now
    code === '57014' || // statement timeout (query_canceled)
    code === '53300' || // too many connections
    /timeout exceeded when trying to connect|Connection terminated|Query read timeout/i.test(message)
  );
}

/** Seconds a client is asked to wait when the database is unavailable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The two answers that are not a `PuenteError`: the database is away (503), or a fault of ours (500). */
export const SERVICE_UNAVAILABLE = {
  code: 'service_unavailable',
  message: 'the service is briefly unavailable; retry after a few seconds',
} as const satisfies { code: ErrorCode; message: string };
export const INTERNAL_ERROR = {
  code: 'internal_error',
  message: 'something went wrong on our side',
} as const;

/** The answer to a path that does not exist: what was asked, and where the endpoints are listed. */
export function notFoundMessage(method: string, url: string): string {
  const path = (url.split('?')[0] ?? '').slice(0, 200);
  return `${method} ${path} does not exist; the merchant API's endpoints are listed at /docs`;
}

/** Fastify's own client errors, in Puente's terms. */
function fromFastifyError(error: FastifyError, request: FastifyRequest): PuenteError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PuenteError(
        'payload_too_large',
        `the request body is larger than the ${request.routeOptions.bodyLimit} bytes allowed`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new PuenteError(
        'unsupported_media_type',
        `the Content-Type header ${JSON.stringify(String(request.headers['content-type'] ?? '').slice(0, 100))} is not a media type; send application/json`,
      );
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
  const known = error instanceof PuenteError ? error : fromFastifyError(error as FastifyError, request);
  const unavailable = !known && isDatabaseUnavailable(error);
  if (!known && isPayerPage(request)) {
    // A payer gets a page in their language, never a JSON error.
    request.log.error({ err: error }, unavailable ? 'database unavailable' : 'unexpected error');
    const language = pickLanguage(request.query);
    const [title, text] = unavailable
      ? [translate(language, 'unavailable_title'), translate(language, 'unavailable_body')]
      : [translate(language, 'error_title'), translate(language, 'error_body')];
    setFunnelHeaders(reply);
    if (unavailable) reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    void reply.status(unavailable ? 503 : 500).send(messagePage(language, title, text));
    return;
  }
  if (unavailable) {
    request.log.error({ err: error }, 'database unavailable');
    void reply
      .status(503)
      .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS))
      .send({ ...SERVICE_UNAVAILABLE, request_id: request.id });
    return;
  }
  if (!known) {
    request.log.error({ err: error }, 'unexpected error');
    void reply.status(500).send({ ...INTERNAL_ERROR, request_id: request.id });
    return;
  }
  const body: ErrorBody = { code: known.code, message: known.message, request_id: request.id };
  if (known.field) body.field = known.field;
  void reply.status(STATUS_BY_CODE[known.code]).send(body);
}

/** The funnel's pages and the banks' return to it (a payer's browser), as opposed to the merchant API. */
function isPayerPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return (
    (path.startsWith('/session/') && path !== '/session/initialize') || path.startsWith('/open-finance/')
  );
}
