import { escapeHtml, type Html, html, raw } from '../html.ts';
import type { JsonSchema } from '../openapi/types.ts';

/** Descriptions use Markdown's `code` spans; everything else stays plain escaped text. */
export function prose(text: string): Html {
  return raw(escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>'));
}

/** A block of code; `label` names it for screen readers (and the focusable scroll region it is). */
export function codeBlock(code: string, label: string, language = ''): Html {
  return html`<pre tabindex="0" aria-label="${label}"${language ? html` data-language="${language}"` : ''}><code>${code}</code></pre>`;
}

export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A request as a curl command a merchant can paste (POSIX shell quoting). */
export function curlCommand(
  baseUrl: string,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown; note?: string },
): string {
  const url = `${baseUrl}${request.path}`;
  const lines =
    request.method === 'GET'
      ? [`curl -i ${url}`]
      : [
          `curl -X POST ${url} \\`,
          "  -H 'Content-Type: application/json' \\",
          `  -d '${prettyJson(request.body ?? {}).replaceAll("'", "'\\''")}'`,
        ];
  return request.note ? [`# ${request.note}`, ...lines].join('\n') : lines.join('\n');
}

function typeOf(schema: JsonSchema): string {
  const type = schema.type;
  if (schema.$ref) return String(schema.$ref).split('/').pop() ?? 'object';
  if (type === 'array') return `array of ${schema.items ? typeOf(schema.items as JsonSchema) : 'items'}`;
  return Array.isArray(type) ? type.join(' | ') : String(type ?? 'any');
}

/** The notes of a field: its description, its allowed values, its example. Never empty. */
function notesOf(schema: JsonSchema): Html {
  const values = Array.isArray(schema.enum) ? schema.enum.filter((value) => value !== null) : [];
  return html`${prose(String(schema.description ?? ''))}${
    values.length > 0
      ? html` One of: ${values.map((value, index) => html`${index ? ', ' : ''}<code>${String(value)}</code>`)}.`
      : ''
  }${schema.default !== undefined ? html` Default <code>${JSON.stringify(schema.default)}</code>.` : ''}${
    schema.example !== undefined ? html` Example: <code>${JSON.stringify(schema.example)}</code>.` : ''
  }`;
}

/** An object schema's fields as table rows; the fields of an array's objects follow as `name[].field`. */
function fieldRows(schema: JsonSchema, prefix = ''): Html[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
  return properties.flatMap(([name, property]) => {
    const items = property.items as JsonSchema | undefined;
    return [
      html`<tr><th scope="row"><code>${prefix}${name}</code></th><td>${typeOf(property)}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${notesOf(property)}</td></tr>`,
      ...(items?.properties ? fieldRows(items, `${prefix}${name}[].`) : []),
    ];
  });
}

/** The fields of an object schema as a table: name, type, required, notes. */
export function fieldsTable(schema: JsonSchema, caption: string): Html {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${caption}"><table><caption>${caption}</caption><thead><tr><th scope="col">field</th><th scope="col">type</th><th scope="col">required</th><th scope="col">notes</th></tr></thead><tbody>${fieldRows(schema)}</tbody></table></div>`;
}
