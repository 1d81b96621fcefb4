import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/composition.ts';
import { buildApp } from '../../src/http/app.ts';

/** The gateway's app on test services, without a socket. */
export function buildTestApp(services: Services): Promise<FastifyInstance> {
  return buildApp(services, { logger: false });
}

/** POSTs a JSON body the way most merchant servers do. */
export async function postJson(app: FastifyInstance, url: string, body: unknown) {
  const response = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}
