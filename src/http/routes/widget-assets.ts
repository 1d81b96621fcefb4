import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** The widget merchants load into their own pages (packages/widget), read once at start. */
export const WIDGET_SCRIPT = readFileSync(
  new URL('../../../packages/widget/puente-widget.js', import.meta.url),
  'utf8',
);

/** The script the funnel's pages run inside the widget's frame, read once at start. */
export const FRAME_SCRIPT = readFileSync(new URL('../funnel/puente-frame.js', import.meta.url), 'utf8');

/**
 * `GET /assets/puente-widget.js` is loaded by merchants' pages on any origin (as the bank buttons are);
 * `GET /assets/puente-frame.js` only by our own funnel pages, so it is not offered to other origins.
 */
export function widgetAssetRoutes(app: FastifyInstance): void {
  app.get('/assets/puente-widget.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff')
      .send(WIDGET_SCRIPT),
  );
  app.get('/assets/puente-frame.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('cross-origin-resource-policy', 'same-origin')
      .header('x-content-type-options', 'nosniff')
      .send(FRAME_SCRIPT),
  );
}
