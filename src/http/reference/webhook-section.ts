import { DEFAULT_RETRY_SCHEDULE } from '../../domain/webhooks/retry-schedule.ts';
import { type Html, html } from '../html.ts';
import { EXAMPLE_JWT } from '../openapi/example-values.ts';
import { DEFAULT_RETRY_WAITS, humanWait, paymentWebhook, webhookBodySchema } from '../openapi/webhook.ts';
import { codeBlock, fieldsTable, prettyJson, prose } from './render.ts';

/** The webhook Puente sends: headers, body, answers and the retry schedule (the defaults). */
export function webhookSection(): Html {
  const post = paymentWebhook.post;
  const exampleHeaders = post.parameters.map((parameter) => `${parameter.name}: ${parameter.example}`);
  const exampleRequest = [
    'POST /webhooks/puente HTTP/1.1',
    'Host: shop.example',
    'Content-Type: application/json',
    ...exampleHeaders,
    '',
    prettyJson({ payment: EXAMPLE_JWT }),
  ].join('\n');
  return html`<section aria-labelledby="webhooks"><h2 id="webhooks">Webhooks</h2>
<p>${prose(post.description)}</p>
<p>The body is one field, the notification JWT: verify it as <a href="#jwt">JWT: claims and verification</a> shows before you trust any of it. Your webhook URL is your merchant default (set by the operator) or the session’s <code>payment_webhook_url</code>.</p>
<h3>Headers</h3><div class="table-scroll" tabindex="0" role="region" aria-label="Webhook headers"><table><caption>Webhook headers (besides <code>Content-Type: application/json</code>)</caption><thead><tr><th scope="col">header</th><th scope="col">meaning</th><th scope="col">example</th></tr></thead><tbody>${post.parameters.map(
    (parameter) =>
      html`<tr><th scope="row"><code>${parameter.name}</code></th><td>${prose(parameter.description)}</td><td><code>${String(parameter.example)}</code></td></tr>`,
  )}</tbody></table></div>
<h3>Body</h3>${fieldsTable(webhookBodySchema, 'Webhook body fields')}
<h3>Example</h3>${codeBlock(exampleRequest, 'An example webhook request', 'http')}
<h3>Your answer</h3><div class="table-scroll" tabindex="0" role="region" aria-label="What your answer means"><table><caption>What your answer means</caption><thead><tr><th scope="col">answer</th><th scope="col">what Puente does</th></tr></thead><tbody>${Object.entries(
    post.responses,
  ).map(
    ([status, response]) =>
      html`<tr><td>${status === '200' ? '2xx' : status === 'default' ? 'anything else' : status}</td><td>${prose(response.description)}</td></tr>`,
  )}</tbody></table></div>
<h3>Retry schedule</h3><p>The default (<code>PUENTE_WEBHOOK_RETRY_SCHEDULE=${DEFAULT_RETRY_SCHEDULE}</code>; a deployment may set its own). Each wait is moved at random by ±10 %.</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Retry schedule"><table class="narrow"><caption>Retry schedule</caption><thead><tr><th scope="col">attempt</th><th scope="col">wait before it</th></tr></thead><tbody>${DEFAULT_RETRY_WAITS.map(
    (wait, index) => html`<tr><td>${index + 1}</td><td>${humanWait(wait)}</td></tr>`,
  )}</tbody></table></div></section>`;
}
