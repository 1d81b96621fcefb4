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
  title: 'PHP (firebase/php-jwt)',
  install: 'composer require firebase/php-jwt',
  code: `<?php
use Firebase\\JWT\\JWT;
use Firebase\\JWT\\Key;

// $token: the webhook body's "payment", or the redirect's jwt= parameter.
// $findSignatureToken($sessionToken): the signature_token you kept from POST /session/initialize.
function verify_payment(string $token, callable $findSignatureToken, string $merchantCode): array
{
    // Read session_token only to find the key: nothing is trusted before the signature is checked.
    $parts = explode('.', $token);
    $unverified = json_decode(JWT::urlsafeB64Decode($parts[1] ?? ''), true);
    $signatureToken = $findSignatureToken($unverified['session_token'] ?? '');
    if (!$signatureToken) {
        throw new UnexpectedValueException('unknown session');
    }
    $payment = (array) JWT::decode($token, new Key($signatureToken, 'HS256'));
    if (($payment['merchant_code'] ?? null) !== $merchantCode) {
        throw new UnexpectedValueException('not for this merchant');
    }
    return $payment; // then: process $payment['jti'] once, and compare order_amount with the order
}
`,
};

export const VERIFY_SNIPPETS: readonly VerifySnippet[] = [NODE_SNIPPET, PYTHON_SNIPPET, PHP_SNIPPET];
