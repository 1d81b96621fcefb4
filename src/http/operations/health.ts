import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';

const READY_TIMEOUT_MS = 2_000;

/**
 * `GET /healthz`: the process answers (liveness: restart it if not). `GET /readyz`: the database answers
 * too (readiness: send it traffic only then).
 */
export function healthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/healthz', async (_request, reply) => reply.send({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        services.operationsReads.ping(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('database timed out')), READY_TIMEOUT_MS);
        }),
      ]);
      return reply.send({ status: 'ok', database: services.operationsReads.databaseKind });
    } catch (error) {
      request.log.warn({ err: error }, 'not ready: database unreachable');
      return reply
        .status(503)
        .send({ status: 'unavailable', database: services.operationsReads.databaseKind });
    } finally {
      clearTimeout(timer);
    }
  });
}
