import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from '../composition.ts';
import { errorHandler } from './errors.ts';
import { ROUTES } from './routes/index.ts';

/**
 * Builds the gateway's HTTP app without listening, so tests drive it with `inject()` and `serve` decides
 * where it listens.
 */
export async function buildApp(
  services: Services,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: services.config.LOG_LEVEL },
    bodyLimit: services.config.PUENTE_MAX_BODY_BYTES,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: services.config.PUENTE_TRUST_PROXY === 'true',
  });

  // Bodies are read as text whatever their Content-Type, and each route decides what they are: the merchant
  // API reads JSON from every client (the original protocol's SDKs send no Content-Type), the funnel reads forms.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: 'not_found', message: 'not found', request_id: request.id }),
  );
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  for (const route of ROUTES) route(app, services);
  await app.ready();
  return app;
}
