import { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
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

/** The session token in a funnel URL is a bearer secret of the payer's session: only its start is logged. */
export function maskUrl(url: string): string {
  return url.replace(SESSION_PATH, (_match, token: string) => `/session/${token.slice(0, 6)}…`);
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
 * written instead by `tagFunnelRequests` once the token is known. "request completed" keeps Fastify's.
 */
export class PuenteLogController extends LogController {
  override incomingRequest(): void {}
}

/** Binds `payment_token` to the logger of every funnel request (`/session/{token}...`), then logs its arrival. */
export function tagFunnelRequests(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', async (request, reply) => {
    const match = SESSION_PATH.exec(request.url);
    if (match?.[1]) {
      const session = await services.sessions.findByToken(match[1]).catch(() => null);
      const child = request.log.child({ payment_token: session?.paymentToken ?? null });
      request.log = child;
      reply.log = child;
    }
    request.log.info({ req: request }, 'incoming request');
  });
}
