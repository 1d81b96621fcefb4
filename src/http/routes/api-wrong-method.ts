import type { FastifyInstance } from 'fastify';
import { PuenteError } from '../../domain/errors.ts';

/** The merchant API's paths, all POST. */
const API_PATHS = ['/session/initialize', '/merchant/check_payment_status', '/merchant/movements'] as const;

/**
 * Any other method on an API path is a JSON 405 naming the method to use, not the payment pages' HTML 404
 * (`GET /session/initialize` would otherwise be read as the payment page of a session called "initialize").
 */
export function apiWrongMethodRoutes(app: FastifyInstance): void {
  for (const url of API_PATHS) {
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url,
      handler: async (request, reply) => {
        reply.header('allow', 'POST');
        throw new PuenteError('method_not_allowed', `${request.method} is not allowed here; use POST ${url}`);
      },
    });
  }
}
