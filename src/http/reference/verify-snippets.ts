/**
 * How a merchant verifies a notification, in three languages. `/docs` shows exactly these texts, and the
 * tests run them against JWTs Puente made (test/http/api-reference-snippets.test.ts), so they stay working.
 * Each defines `verify_payment` / `verifyPayment(token, findSignatureToken, merchantCode)`.
 */
export interface VerifySnippet {
  language: 'node' | 'python' | 'php';
  title: string;
  /** How to install the library. */
  install: string;
  code: string;
}

export const NODE_SNIPPET: VerifySnippet = {
  language: 'node',
  title: 'Node.js (jose)',
  install: 'npm install jose',
  code: `import { decodeJwt, jwtVerify } from 'jose';

// token: the webhook body's "payment", or the redirect's jwt= parameter.
// findSignatureToken(sessionToken): the signature_token you kept from POST /session/initialize.
export async function verifyPayment(token, findSignatureToken, merchantCode) {
  // Read session_token only to find the key: nothing is trusted before the signature is checked.
  const { session_token } = decodeJwt(token);
  const signatureToken = await findSignatureToken(session_token);
  if (!signatureToken) throw new Error('unknown session');
  const { payload } = await jwtVerify(token, new TextEncoder().encode(signatureToken), {
    algorithms: ['HS256'],
  });
  if (payload.merchant_code !== merchantCode) throw new Error('not for this merchant');
  return payload; // then: process payload.jti once, and compare order_amount with the order
}
`,
};

export const PYTHON_SNIPPET: VerifySnippet = {
  language: 'python',
  title: 'Python (PyJWT)',
  install: 'pip install PyJWT',
  code: `import jwt  # PyJWT


# token: the webhook body's "payment", or the redirect's jwt= parameter.
# find_signature_token(session_token): the signature_token you kept from POST /session/initialize.
def verify_payment(token, find_signature_token, merchant_code):
    # Read session_token only to find the key: nothing is trusted before the signature is checked.
    unverified = jwt.decode(token, options={"verify_signature": False})
    signature_token = find_signature_token(unverified.get("session_token"))
    if not signature_token:
        raise ValueError("unknown session")
    payment = jwt.decode(token, signature_token, algorithms=["HS256"])
    if payment.get("merchant_code") != merchant_code:
        raise ValueError("not for this merchant")
    return payment  # then: process payment["jti"] once, and compare order_amount with the order
`,
};

export const PHP_SNIPPET: VerifySnippet = {
  language: 'php',
  title: 'PHP (no library)',
  install: 'nothing: PHP 7.4 or later, its own hash and JSON functions',
  code: `<?php
// $token: the webhook body's "payment", or the redirect's jwt= parameter.
// $findSignatureToken($sessionToken): the signature_token you kept from POST /session/initialize.
function verify_payment(string $token, callable $findSignatureToken, string $merchantCode): array
{
    $b64 = fn (string $part): string => (string) base64_decode(strtr($part, '-_', '+/'), true);
    $parts = explode('.', $token);
    if (count($parts) !== 3) {
        throw new UnexpectedValueException('not a JWT');
    }
    [$header, $body, $signature] = $parts;
    if ((json_decode($b64($header), true)['alg'] ?? null) !== 'HS256') {
        throw new UnexpectedValueException('not HS256');
    }
    // Read session_token only to find the key: nothing is trusted before the signature is checked.
    $unverified = json_decode($b64($body), true);
    $signatureToken = $findSignatureToken($unverified['session_token'] ?? '');
    if (!$signatureToken) {
        throw new UnexpectedValueException('unknown session');
    }
    $expected = hash_hmac('sha256', "$header.$body", $signatureToken, true);
    if (!hash_equals($expected, $b64($signature))) {
        throw new UnexpectedValueException('bad signature');
    }
    $payment = $unverified;
    if (($payment['merchant_code'] ?? null) !== $merchantCode) {
        throw new UnexpectedValueException('not for this merchant');
    }
    return $payment; // then: process $payment['jti'] once, and compare order_amount with the order
}
`,
};

export const VERIFY_SNIPPETS: readonly VerifySnippet[] = [NODE_SNIPPET, PYTHON_SNIPPET, PHP_SNIPPET];
