import { type Html, html } from '../html.ts';
import { API_ERROR_CODES, ERROR_CODE_DOCS, statusOfCode } from '../openapi/error-codes.ts';
import { errorBody } from '../openapi.ts';
import { codeBlock, curlCommand, prettyJson, prose } from './render.ts';

/** Every error code the API can answer: status, meaning, what to do, and a real request with its answer. */
export function errorCodesSection(baseUrl: string): Html {
  return html`<section aria-labelledby="errors"><h2 id="errors">Error codes</h2>
<p>Every error is JSON: <code>code</code> (stable: decide on it), <code>message</code> (for people: it says exactly what was wrong), <code>field</code> (the request field at fault, when there is one) and <code>request_id</code> (also in the <code>X-Request-Id</code> header; send your own <code>X-Request-Id</code> to choose it). Bad input never gets a 5xx.</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Error codes"><table><caption>Error codes</caption><thead><tr><th scope="col">code</th><th scope="col">HTTP status</th><th scope="col">meaning</th><th scope="col">what to do</th><th scope="col">example message</th></tr></thead><tbody>${API_ERROR_CODES.map(
    (code) => {
      const doc = ERROR_CODE_DOCS[code];
      return html`<tr id="error-${code}"><th scope="row"><code>${code}</code></th><td>${statusOfCode(code)}</td><td>${prose(doc.meaning)}</td><td>${prose(doc.action)}</td><td><code>${doc.example.message}</code></td></tr>`;
    },
  )}</tbody></table></div>
<h3>Examples</h3>${API_ERROR_CODES.map((code) => {
    const example = ERROR_CODE_DOCS[code].example;
    return html`<details><summary><code>${statusOfCode(code)} ${code}</code> — ${example.summary}</summary>${codeBlock(
      curlCommand(baseUrl, example.request),
      `Request: ${example.summary}`,
      'shell',
    )}<p>Answer <code>${statusOfCode(code)}</code>:</p>${codeBlock(prettyJson(errorBody(example)), `Answer: ${example.summary}`, 'json')}</details>`;
  })}</section>`;
}
