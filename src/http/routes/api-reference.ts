import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { openApiDocument } from '../openapi.ts';
import { DOCS_CSS, referencePage } from '../reference/page.ts';

/** `GET /openapi.json` and `GET /docs`: the merchant API reference, both made from the same descriptions. */
export function apiReferenceRoutes(app: FastifyInstance, services: Services): void {
  const document = openApiDocument(services.config.PUENTE_API_URL);
  app.get('/openapi.json', async () => document);

  const page = referencePage(document, services.config.PUENTE_API_URL).text;
  app.get('/docs', async (_request, reply) => {
    reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
    return page;
  });
  app.get('/assets/docs.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(DOCS_CSS),
  );
}
