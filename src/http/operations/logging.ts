import {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import type { Services } from '../../composition.ts';

/**
 * Structured JSON logs (pino). Three rules: every line carries the request id; every line of a funnel
 * request also carries its `payment_token`; no secret is ever written. Headers are not logged, and the
 * redact paths below are the second line of defence should someone log an object that holds one.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.merchant_api_token',
  '*.signature_token',
  '*.apiToken',
  '*.password',
  '*.bank_password',
  '*.second_factor_code',
  '*.challenge_answer',
  '*.otp',
  '*.coordinates',
  '*.csrf',
  'merchant_api_token',
  'signature_token',
  'password',
  'apiToken',
];

const SESSION_PATH = /^\/session\/([A-Za-z0-9]{64})(?=[/?]|$)/;

/** Where banks send the payer back (open finance): its query holds the authorisation code. */
const BANK_CALLBACK = /^(\/open-finance\/callback)\?.*$/;

/** The one-time link that creates the first operator: its query holds the setup token. */
const ADMIN_SETUP = /^(\/admin\/setup)\?.*$/;

/**
 * The session token in a funnel URL is a bearer secret of the payer's session: only its start is logged.
 * A bank callback's query (code, state) and the setup link's token are never logged.
 */
export function maskUrl(url: string): string {
  return url
    .replace(SESSION_PATH, (_match, token: string) => `/session/${token.slice(0, 6)}…`)
    .replace(BANK_CALLBACK, '$1?[redacted]')
    .replace(ADMIN_SETUP, '$1?[redacted]');
}

export function loggerOptions(
  services: Services,
  stream?: { write(line: string): void },
): FastifyServerOptions['logger'] {
  return {
    ...(stream ? { stream } : {}),
    level: services.config.LOG_LEVEL,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request) => ({
        method: request.method,
        url: maskUrl(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
}

/**
 * Fastify's "incoming request" line is written before any hook could learn the payment token; it is
 * written instead by `logIncomingRequests`, or by `tagPaymentToken` once a funnel request knows its token.
 */
export class PuenteLogController extends LogController {
  override incomingRequest(): void {}
}

/** Routes that load a payment session by `:token` log their arrival themselves, through `tagPaymentToken`. */
const FUNNEL_ROUTE = '/session/:token';

/** Logs every request's arrival, except funnel requests, whose line waits for their `payment_token`. */
export function logIncomingRequests(app: FastifyInstance): void {
  // Callback-style hooks (here and on every request elsewhere): an async one costs a promise per request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.routeOptions.url?.startsWith(FUNNEL_ROUTE))
      request.log.info({ req: request }, 'incoming request');
    done();
  });
}

/**
 * Binds `payment_token` to the logger of a funnel request once its session is loaded (null for none yet or
 * no such session), then logs its arrival: every line of the request carries it, at no extra read.
 */
export function tagPaymentToken(
  request: FastifyRequest,
  reply: FastifyReply,
  paymentToken: string | null,
): void {
  // The request's own logger (a child Fastify made for it) takes the binding in place (pino's setBindings):
  // a further child per request cost as much as rendering a small page.
  const log = request.log as FastifyBaseLogger & { setBindings?: (bindings: object) => void };
  if (log.setBindings) {
    log.setBindings({ payment_token: paymentToken });
    reply.log = log;
  } else {
    const child = request.log.child({ payment_token: paymentToken });
    request.log = child;
    reply.log = child;
  }
  request.log.info({ req: request }, 'incoming request');
}
