import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from '../composition.ts';
import { errorHandler, notFoundMessage } from './errors.ts';
import { loggerOptions, logIncomingRequests, PuenteLogController } from './operations/logging.ts';
import { ROUTES } from './routes/index.ts';

export interface RouteSummary {
  method: string;
  url: string;
  /** Marked reachable without an operator session (only meaningful under /admin). */
  public: boolean;
}

const ROUTE_TABLES = new WeakMap<FastifyInstance, RouteSummary[]>();

/** Every route the app registered, so tests can check all of them (e.g. that /admin ones need a login). */
export function routeTable(app: FastifyInstance): readonly RouteSummary[] {
  return ROUTE_TABLES.get(app) ?? [];
}

/**
 * Builds the gateway's HTTP app without listening, so tests drive it with `inject()` and `serve` decides
 * where it listens.
 */
export async function buildApp(
  services: Services,
  options: {
    logger?: boolean /** Where JSON log lines go (tests read them); stdout by default. */;
    logStream?: { write(line: string): void };
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(services, options.logStream),
    logController: new PuenteLogController(),
    bodyLimit: services.config.PUENTE_MAX_BODY_BYTES,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: trustProxyOf(services.config.PUENTE_TRUST_PROXY),
  });

  // Bodies are read as text whatever their Content-Type, and each route decides what they are: the merchant
  // API reads JSON from every client (the original protocol's SDKs send no Content-Type), the funnel reads forms.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      code: 'not_found',
      message: notFoundMessage(request.method, request.url),
      request_id: request.id,
    }),
  );
  const production = services.config.PUENTE_ENV === 'production';
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    // Production is served over https only (behind a TLS-terminating proxy): browsers must never try http.
    if (production) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    done(null, payload);
  });

  logIncomingRequests(app);
  const table: RouteSummary[] = [];
  ROUTE_TABLES.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      table.push({ method, url: route.url, public: route.config?.adminPublic === true });
    }
  });

  for (const route of ROUTES) route(app, services);
  await app.ready();
  return app;
}

/** `false`, `true` (sandbox only, refused in production by the settings), or the proxies' addresses. */
function trustProxyOf(setting: string): boolean | string[] {
  if (setting === 'false') return false;
  if (setting === 'true') return true;
  return setting.split(',').map((item) => item.trim());
}
