import { type Html, html } from '../html.ts';
import { API_OPERATIONS, type OpenApiDocument } from '../openapi.ts';
import { endpointId, endpointSection } from './endpoint-section.ts';
import { errorCodesSection } from './error-codes-section.ts';
import { jwtSection } from './jwt-section.ts';
import { prose } from './render.ts';
import { sandboxSection } from './sandbox-section.ts';
import { webhookSection } from './webhook-section.ts';

/** The reference's own styles, over the funnel's stylesheet (the look of every Puente page). */
export const DOCS_CSS = `
main.reference, header.brand { max-width: 64rem; }
main.reference h2 { margin-top: 2.5rem; padding-top: 1rem; border-top: 2px solid var(--accent); overflow-wrap: anywhere; }
main.reference h3 { margin-top: 1.75rem; }
main.reference h4 { margin: 1.25rem 0 .25rem; }
nav.contents ul { padding-left: 1.25rem; }
.table-scroll { overflow-x: auto; margin: .5rem 0 1.25rem; }
.table-scroll:focus-visible, pre:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
table.narrow { width: auto; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; }
tbody th { font-weight: 400; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; background: var(--card); border: 1px solid var(--line); border-radius: 4px; padding: 0 .2rem; overflow-wrap: anywhere; }
th[scope="row"] code, td > a > code { white-space: nowrap; overflow-wrap: normal; }
pre { background: var(--ink); color: #f4f6fa; padding: .75rem 1rem; border-radius: 8px; overflow-x: auto; font-size: .85rem; line-height: 1.45; }
pre code { background: none; border: 0; padding: 0; color: inherit; overflow-wrap: normal; }
details { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .5rem .75rem; margin: .5rem 0; }
details summary { cursor: pointer; }
`;

/** `/docs`: the whole merchant reference on one server-rendered page, with no script and nothing remote. */
export function referencePage(document: OpenApiDocument, baseUrl: string): Html {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${document.info.title}</title><link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="/assets/funnel.css"><link rel="stylesheet" href="/assets/docs.css"></head><body>
<header class="brand"><span class="logo">Puente</span><span class="note">API reference</span></header>
<main class="reference"><h1>${document.info.title}</h1>
<p>${prose(document.info.description)}</p>
<p>Base URL: <code>${baseUrl}</code> · Machine-readable (OpenAPI 3.1, with <code>webhooks</code>): <a href="/openapi.json">/openapi.json</a></p>
<nav class="contents" aria-label="Contents"><h2 id="contents">Contents</h2><ul>${API_OPERATIONS.map(
    (operation) =>
      html`<li><a href="#${endpointId(operation)}"><code>POST ${operation.path}</code></a> — ${operation.summary}</li>`,
  )}<li><a href="#webhooks">Webhooks</a></li><li><a href="#jwt">JWT: claims and verification</a></li><li><a href="#errors">Error codes</a></li><li><a href="#sandbox">Sandbox</a></li></ul></nav>
${API_OPERATIONS.map((operation) => endpointSection(operation, baseUrl))}
${webhookSection()}${jwtSection()}${errorCodesSection(baseUrl)}${sandboxSection()}</main></body></html>`;
}
