import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { NODE_SNIPPET, PHP_SNIPPET, PYTHON_SNIPPET } from '../../src/http/reference/verify-snippets.ts';
import { commitFinalPayment } from '../support/final-payment.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

/**
 * The verification snippets `/docs` shows, run as they are shown against a notification JWT Puente signed
 * for a real payment: each accepts it and refuses a changed one, another session's key, an unknown session
 * and another merchant's token. Python needs PyJWT and PHP needs `php` (Debian: `apt-get install python3-jwt
 * php-cli`, which .ci/run does); without them these tests fail and say what to install.
 */
interface Case {
  name: string;
  token: string;
  key: string;
  sessionToken: string;
  merchantCode: string;
}
type Outcome = { ok: true; claims: Record<string, unknown> } | { ok: false; error: string };

let services: Services;
let cases: Case[];
let expected: {
  session: { token: string; merchantOrderId: string; orderAmount: number };
  merchantCode: string;
};
const folder = mkdtempSync(join(process.cwd(), 'node_modules', '.puente-snippets-'));

beforeAll(async () => {
  services = await createTestServices();
  const { merchant } = await createTestMerchant(services);
  const paid = await commitFinalPayment(services, {
    merchantId: merchant.id,
    webhookUrl: 'https://shop.example/webhook',
    status: 'success',
  });
  const rows = await services.db.query<{ jwt: string }>(
    'select jwt from webhook_events where session_id = $1',
    [paid.session.id],
  );
  const token = rows[0]?.jwt;
  if (!token) throw new Error('the payment left no notification');
  expected = { session: paid.session, merchantCode: merchant.code };
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const changed = Buffer.from(JSON.stringify({ ...claims, order_amount: 1 })).toString('base64url');
  const base = {
    token,
    key: paid.signatureToken,
    sessionToken: paid.session.token,
    merchantCode: merchant.code,
  };
  cases = [
    { name: 'as signed', ...base },
    { name: 'changed amount', ...base, token: `${header}.${changed}.${signature}` },
    { name: 'another key', ...base, key: 'K'.repeat(64) },
    { name: 'unknown session', ...base, sessionToken: 'another-session' },
    { name: 'another merchant', ...base, merchantCode: 'sbx_someoneelse0000' },
  ];
});
afterAll(async () => {
  await services?.close();
  rmSync(folder, { recursive: true, force: true });
});

function expectOutcomes(outcomes: Outcome[]) {
  expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, false, false, false]);
  const first = outcomes[0];
  if (!first?.ok) throw new Error('the genuine token was refused');
  expect(first.claims).toMatchObject({
    session_token: expected.session.token,
    merchant_order_id: expected.session.merchantOrderId,
    merchant_code: expected.merchantCode,
    order_amount: expected.session.orderAmount,
    payment_status: 'success',
  });
  expect(first.claims.jti).toEqual(expect.any(String));
}

function run(command: string, args: string[], input: string): Outcome[] {
  const result = spawnSync(command, args, { input, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const python = ['python3', '/usr/bin/python3'].find(
  (command) => spawnSync(command, ['-c', 'import jwt'], { encoding: 'utf8' }).status === 0,
);
const php = spawnSync('php', ['--version']).status === 0 ? 'php' : undefined;
const missing = (what: string) =>
  new Error(`${what} is needed to run this snippet: apt-get install python3-jwt php-cli (as .ci/run does)`);

describe('the verification snippets on /docs', () => {
  it('Node (jose)', async () => {
    const file = join(folder, 'verify-payment.mjs');
    writeFileSync(file, NODE_SNIPPET.code);
    const { verifyPayment } = await import(pathToFileURL(file).href);
    const outcomes: Outcome[] = [];
    for (const item of cases) {
      try {
        const claims = await verifyPayment(
          item.token,
          async (sessionToken: string) => (sessionToken === item.sessionToken ? item.key : null),
          item.merchantCode,
        );
        outcomes.push({ ok: true, claims });
      } catch (error) {
        outcomes.push({ ok: false, error: String(error) });
      }
    }
    expectOutcomes(outcomes);
  });

  it('Python (PyJWT)', () => {
    if (!python) throw missing('python3 with PyJWT');
    const directory = join(folder, 'python');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'snippet.py'), PYTHON_SNIPPET.code);
    const harness = `import json, sys
sys.path.insert(0, ${JSON.stringify(directory)})
from snippet import verify_payment
results = []
for case in json.load(sys.stdin):
    try:
        claims = verify_payment(case["token"], lambda s, c=case: c["key"] if s == c["sessionToken"] else None, case["merchantCode"])
        results.append({"ok": True, "claims": claims})
    except Exception as error:
        results.append({"ok": False, "error": repr(error)})
print(json.dumps(results))
`;
    expectOutcomes(run(python, ['-c', harness], JSON.stringify(cases)));
  });

  it('PHP (no library)', () => {
    if (!php) throw missing('php');
    const directory = join(folder, 'php');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'snippet.php'), PHP_SNIPPET.code);
    const harness = `<?php
require ${JSON.stringify(join(directory, 'snippet.php'))};
$results = [];
foreach (json_decode(stream_get_contents(STDIN), true) as $case) {
    try {
        $claims = verify_payment($case['token'], fn ($s) => $s === $case['sessionToken'] ? $case['key'] : null, $case['merchantCode']);
        $results[] = ['ok' => true, 'claims' => $claims];
    } catch (Throwable $error) {
        $results[] = ['ok' => false, 'error' => get_class($error) . ': ' . $error->getMessage()];
    }
}
echo json_encode($results);
`;
    writeFileSync(join(directory, 'harness.php'), harness);
    expectOutcomes(run(php, [join(directory, 'harness.php')], JSON.stringify(cases)));
  });
});
