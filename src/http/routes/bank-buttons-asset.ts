import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** The `<puente-bank-buttons>` web component (packages/bank-buttons), read once at start. */
export const BANK_BUTTONS_SCRIPT = readFileSync(
  new URL('../../../packages/bank-buttons/puente-bank-buttons.js', import.meta.url),
  'utf8',
);

/**
 * `GET /assets/puente-bank-buttons.js`: merchants load the component from the gateway into their own
 * pages, so it is served to any origin (CORS for `<script type="module">`, cross-origin resource policy).
 */
export function bankButtonsAssetRoute(app: FastifyInstance): void {
  app.get('/assets/puente-bank-buttons.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff')
      .send(BANK_BUTTONS_SCRIPT),
  );
}
