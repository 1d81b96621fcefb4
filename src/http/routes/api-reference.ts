import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { escapeHtml, type Html, html, raw } from '../html.ts';
import { openApiDocument } from '../openapi.ts';

type Schema = {
  type?: string | string[];
  description?: string;
  example?: unknown;
  enum?: string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
};

/** Descriptions use Markdown's `code` spans; everything else stays plain escaped text. */
function prose(text: string): Html {
  return raw(escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>'));
}

function typeOf(schema: Schema): string {
  if (schema.$ref) return schema.$ref.split('/').pop() ?? 'object';
  if (schema.type === 'array') return `array of ${schema.items ? typeOf(schema.items) : 'items'}`;
  return Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
}

function fieldsTable(schema: Schema): Html {
  const required = new Set(schema.required ?? []);
  return html`<table><thead><tr><th>field</th><th>type</th><th>required</th><th>notes</th></tr></thead><tbody>${Object.entries(
    schema.properties ?? {},
  ).map(
    ([name, property]) =>
      html`<tr><td><code>${name}</code></td><td>${typeOf(property)}</td><td>${required.has(name) ? 'yes' : ''}</td><td>${prose(
        property.description ?? '',
      )}${property.enum ? html` One of: <code>${property.enum.join(', ')}</code>.` : ''}${
        property.example !== undefined
          ? html` Example: <code>${JSON.stringify(property.example)}</code>.`
          : ''
      }</td></tr>`,
  )}</tbody></table>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#14213d;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #dfe3ec;padding:.4rem;text-align:left;vertical-align:top}
code{background:#f4f6fa;padding:0 .25rem;border-radius:4px}h2{margin-top:2.5rem;border-top:2px solid #0b6e4f;padding-top:1rem}`;

/** `GET /openapi.json` and `GET /docs`: the merchant API reference, rendered from the OpenAPI document. */
export function apiReferenceRoutes(app: FastifyInstance, services: Services): void {
  const document = openApiDocument(services.config.PUENTE_API_URL);
  app.get('/openapi.json', async () => document);

  const sections = Object.entries(document.paths).map(([path, item]) => {
    const operation = item.post as {
      summary: string;
      description: string;
      requestBody: { content: { 'application/json': { schema: Schema } } };
      responses: Record<
        string,
        { description: string; content?: { 'application/json': { schema: Schema } } }
      >;
    };
    const okSchema = operation.responses['200']?.content?.['application/json'].schema;
    return html`<section><h2><code>POST ${path}</code> — ${operation.summary}</h2><p>${prose(operation.description)}</p>
<h3>Request body</h3>${fieldsTable(operation.requestBody.content['application/json'].schema)}
<h3>Response 200</h3>${okSchema?.type === 'array' ? html`<p>An array of:</p>${fieldsTable(document.components.schemas.PaymentStatus as Schema)}` : okSchema ? fieldsTable(okSchema) : ''}
<h3>Errors</h3><table><tbody>${Object.entries(operation.responses)
      .filter(([status]) => status !== '200')
      .map(
        ([status, response]) => html`<tr><td>${status}</td><td>${prose(response.description)}</td></tr>`,
      )}</tbody></table></section>`;
  });
  const page =
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${document.info.title}</title><style>${STYLE}</style></head><body><h1>${document.info.title}</h1>
<p>${prose(document.info.description)}</p><p>Base URL: <code>${services.config.PUENTE_API_URL}</code> · Machine-readable: <a href="/openapi.json">/openapi.json</a></p>
<p>Errors look like <code>{"code": "validation_error", "message": "order_amount: …", "field": "order_amount", "request_id": "…"}</code>.</p>
${sections}</body></html>`.text;

  app.get('/docs', async (_request, reply) => {
    reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      );
    return page;
  });
}
