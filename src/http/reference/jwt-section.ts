import { type Html, html } from '../html.ts';
import { EXAMPLE_CLAIMS, EXAMPLE_JWT, EXAMPLE_SIGNATURE_TOKEN } from '../openapi/example-values.ts';
import { paymentClaimsSchema } from '../openapi/webhook.ts';
import { codeBlock, fieldsTable, prettyJson } from './render.ts';
import { VERIFY_SNIPPETS } from './verify-snippets.ts';

/** What a notification JWT carries and how a merchant's server verifies it. */
export function jwtSection(): Html {
  return html`<section aria-labelledby="jwt"><h2 id="jwt">JWT: claims and verification</h2>
<p>Every result reaches you as a JWT: the webhook body’s <code>payment</code>, the <code>jwt=</code> parameter of the redirect to your success or cancellation URL, and the widget’s message. It is signed with <strong>HS256</strong> and the key is the <strong>session’s own <code>signature_token</code></strong>, returned by <code>POST /session/initialize</code>: there is no public key and no JWKS. Keep each session’s <code>signature_token</code> on your server with the order (never in the browser).</p>
<ol>
<li>Read <code>session_token</code> from the token (unverified) only to find that session’s <code>signature_token</code>; refuse tokens of sessions you do not know.</li>
<li>Verify the signature with that key, accepting <strong>only</strong> <code>HS256</code>.</li>
<li>Check <code>merchant_code</code> is yours and <code>order_amount</code> is the order’s amount.</li>
<li>Process each <code>jti</code> once: retries and resends carry the same token. Only <code>payment_status</code> <code>success</code> means the money moved.</li>
</ol>
<p>The TypeScript SDK does all of this: <code>verifyNotification(body, signatureTokenOrLookup)</code> in <code>@puente/sdk</code>.</p>
<h3>Claims</h3>${fieldsTable(paymentClaimsSchema, 'Notification claims')}
<h3>Example</h3>
<p>This token is signed with the example key <code>${EXAMPLE_SIGNATURE_TOKEN}</code>: run your verification on it.</p>
${codeBlock(EXAMPLE_JWT, 'Example notification JWT')}
<p>Its claims:</p>${codeBlock(prettyJson(EXAMPLE_CLAIMS), 'Claims of the example JWT', 'json')}
${VERIFY_SNIPPETS.map(
  (snippet) =>
    html`<h3 id="verify-${snippet.language}">${snippet.title}</h3>${codeBlock(
      snippet.install,
      `Install for ${snippet.title}`,
      'shell',
    )}${codeBlock(snippet.code, `Verification in ${snippet.title}`, snippet.language)}`,
)}</section>`;
}
