import { type Html, html } from '../html.ts';
import { ERROR_CODE_DOCS, statusOfCode } from '../openapi/error-codes.ts';
import type { ApiOperation, JsonSchema } from '../openapi/types.ts';
import { errorBody, errorExamplesOf } from '../openapi.ts';
import { codeBlock, curlCommand, fieldsTable, prettyJson, prose } from './render.ts';

export function endpointId(operation: ApiOperation): string {
  return operation.path.split('/').filter(Boolean).join('-');
}

/** One endpoint: what it does, its fields, a worked example of every success and every error. */
export function endpointSection(operation: ApiOperation, baseUrl: string): Html {
  const id = endpointId(operation);
  const title = `POST ${operation.path}`;
  const response = operation.responseSchema;
  const responseTable =
    response.type === 'array'
      ? html`<p>An array (empty when nothing matches) of:</p>${fieldsTable(response.items as JsonSchema, `${title}: each item of the answer`)}`
      : fieldsTable(response, `${title}: answer fields`);
  const codes = [...operation.errorCodes].sort((a, b) => statusOfCode(a) - statusOfCode(b));
  return html`<section aria-labelledby="${id}"><h2 id="${id}"><code>${title}</code> — ${operation.summary}</h2>
<p>${prose(operation.description)}</p>
<h3>Request body</h3>${fieldsTable(operation.requestSchema, `${title}: request fields`)}
<h3>Answer <code>200</code></h3><p>${prose(operation.responseDescription)}</p>${responseTable}
<h3>Examples</h3>${Object.values(operation.examples).map(
    (example) =>
      html`<h4>${example.summary}</h4>${codeBlock(
        curlCommand(baseUrl, { method: 'POST', path: operation.path, body: example.request }),
        `Request: ${example.summary}`,
        'shell',
      )}<p>Answer <code>200</code>:</p>${codeBlock(prettyJson(example.response), `Answer: ${example.summary}`, 'json')}`,
  )}
<h3>Errors</h3><div class="table-scroll" tabindex="0" role="region" aria-label="${title}: errors"><table><caption>${title}: errors</caption><thead><tr><th scope="col">status</th><th scope="col">code</th><th scope="col">meaning</th></tr></thead><tbody>${codes.map(
    (code) =>
      html`<tr><td>${statusOfCode(code)}</td><td><a href="#error-${code}"><code>${code}</code></a></td><td>${prose(ERROR_CODE_DOCS[code].meaning)}</td></tr>`,
  )}</tbody></table></div>
${errorExamplesOf(operation).map(
  ([, example]) =>
    html`<details><summary><code>${statusOfCode(example.code)} ${example.code}</code> — ${example.summary}</summary>${codeBlock(
      curlCommand(baseUrl, example.request),
      `Request: ${example.summary}`,
      'shell',
    )}<p>Answer <code>${statusOfCode(example.code)}</code>:</p>${codeBlock(
      prettyJson(errorBody(example)),
      `Answer: ${example.summary}`,
      'json',
    )}</details>`,
)}</section>`;
}
