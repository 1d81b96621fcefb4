import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentClaims, signPaymentJwt } from '../../../src/adapters/crypto/payment-jwt.ts';
import type { PaymentSession } from '../../../src/domain/session.ts';
import { type RunningGateway, startGateway } from '../../../test/support/running-gateway.ts';
import { InvalidNotificationError, Puente, verifyNotification } from '../src/index.ts';

// Notifications here are signed by the gateway's own signer (jose) and verified by the SDK's
// node:crypto code: two implementations that must agree on the bytes.
let gateway: RunningGateway;
let puente: Puente;
let session: PaymentSession;
let signatureToken: string;

beforeAll(async () => {
  gateway = await startGateway();
  puente = new Puente({
    apiUrl: gateway.url,
    merchantCode: gateway.merchant.merchant.code,
    apiToken: gateway.merchant.apiToken,
  });
  const created = await puente.createSession({ merchantOrderId: 'OC-JWT', orderAmount: 12_990 });
  signatureToken = created.signatureToken;
  const stored = await gateway.services.sessions.findByToken(created.token);
  if (!stored) throw new Error('session not stored');
  session = {
    ...stored,
    paymentToken: 'pt_0123456789',
    paymentStatus: 'success',
    paymentStep: 'transfer_confirmed',
  };
});
afterAll(() => gateway.close());

function gatewayJwt(options: { issuedAt?: Date; jti?: string } = {}) {
  return signPaymentJwt(paymentClaims(session, gateway.merchant.merchant), signatureToken, options);
}

/** A token with any header and payload, signed with HMAC-SHA256 by hand. */
function handMade(header: object, payload: object, key = signatureToken): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidNotificationError);
  return (error as InvalidNotificationError).reason;
}

describe('verifyNotification accepts what the gateway signs', () => {
  it('from a webhook body as an object, as a JSON string and as bytes', async () => {
    const jwt = await gatewayJwt({ jti: 'evt-1' });
    for (const body of [
      { payment: jwt },
      JSON.stringify({ payment: jwt }),
      Buffer.from(JSON.stringify({ payment: jwt })),
    ]) {
      const payment = await puente.verifyNotification(body, signatureToken);
      expect(payment).toMatchObject({
        sessionToken: session.token,
        paymentToken: 'pt_0123456789',
        merchantOrderId: 'OC-JWT',
        merchantCode: gateway.merchant.merchant.code,
        orderAmount: 12_990,
        paymentStatus: 'success',
        paymentStep: 'transfer_confirmed',
        userBankCode: null,
        eventId: 'evt-1',
      });
      expect(payment.claims.jti).toBe('evt-1');
    }
  });

  it('from a redirect URL, a query string, a URL object and a parsed query', async () => {
    const jwt = await gatewayJwt();
    const inputs = [
      `https://shop.example/ok?jwt=${jwt}`,
      `https://shop.example/ok?order=OC-JWT&jwt=${jwt}`,
      `https://shop.example/ok?order=OC-JWT|jwt=${jwt}`, // a session created with concat "|"
      `?jwt=${jwt}`,
      `jwt=${jwt}`,
      new URL(`https://shop.example/ok?jwt=${jwt}`),
      new URLSearchParams({ jwt }),
      { jwt },
      jwt,
    ];
    for (const input of inputs) {
      const payment = await verifyNotification(input, signatureToken);
      expect(payment.merchantOrderId).toBe('OC-JWT');
    }
  });

  it('with a resolver that looks the signature token up by the session token', async () => {
    const jwt = await gatewayJwt();
    const payment = await verifyNotification({ payment: jwt }, async (claims) =>
      claims.session_token === session.token ? signatureToken : null,
    );
    expect(payment.sessionToken).toBe(session.token);
    expect(await refusal(verifyNotification({ payment: jwt }, () => undefined))).toBe('unknown_session');
  });

  it('within a maximum age, and refuses an older one', async () => {
    const fresh = await gatewayJwt();
    await expect(verifyNotification(fresh, signatureToken, { maxAgeSeconds: 300 })).resolves.toBeTruthy();
    const old = await gatewayJwt({ issuedAt: new Date(Date.now() - 3_600_000) });
    await expect(verifyNotification(old, signatureToken)).resolves.toBeTruthy();
    expect(await refusal(verifyNotification(old, signatureToken, { maxAgeSeconds: 300 }))).toBe('too_old');
    const future = await gatewayJwt({ issuedAt: new Date(Date.now() + 3_600_000) });
    expect(await refusal(verifyNotification(future, signatureToken, { maxAgeSeconds: 300 }))).toBe(
      'issued_in_future',
    );
  });
});

describe('verifyNotification refuses what must not be trusted', () => {
  it('a token signed with another key (a forged notification)', async () => {
    const forged = await signPaymentJwt(paymentClaims(session, gateway.merchant.merchant), 'x'.repeat(64));
    expect(await refusal(verifyNotification({ payment: forged }, signatureToken))).toBe('bad_signature');
  });

  it('a token whose payload was changed after signing', async () => {
    const [header, payload, signature] = (await gatewayJwt()).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, order_amount: 1 })).toString('base64url');
    expect(await refusal(verifyNotification(`${header}.${tampered}.${signature}`, signatureToken))).toBe(
      'bad_signature',
    );
  });

  it('alg "none", other algorithms and critical extensions, even when the HMAC would match', async () => {
    const claims = { ...paymentClaims(session, gateway.merchant.merchant), iat: 1 };
    const unsigned = `${handMade({ alg: 'none', typ: 'JWT' }, claims).split('.').slice(0, 2).join('.')}.`;
    expect(await refusal(verifyNotification(unsigned, signatureToken))).toBe('unsupported_algorithm');
    // A token whose HMAC is right but whose header names "none" is refused all the same.
    expect(await refusal(verifyNotification(handMade({ alg: 'none' }, claims), signatureToken))).toBe(
      'unsupported_algorithm',
    );
    expect(
      await refusal(verifyNotification(handMade({ alg: 'HS512', typ: 'JWT' }, claims), signatureToken)),
    ).toBe('unsupported_algorithm');
    expect(await refusal(verifyNotification(handMade({ typ: 'JWT' }, claims), signatureToken))).toBe(
      'unsupported_algorithm',
    );
    expect(
      await refusal(
        verifyNotification(handMade({ alg: 'HS256', crit: ['b64'], b64: false }, claims), signatureToken),
      ),
    ).toBe('unsupported_algorithm');
  });

  it('malformed tokens and bodies', async () => {
    const jwt = await gatewayJwt();
    const [header, payload, signature] = jwt.split('.');
    expect(await refusal(verifyNotification(`${header}.${payload}.`, signatureToken))).toBe('malformed');
    expect(await refusal(verifyNotification(`${header}.${signature}.${signature}`, signatureToken))).toBe(
      'malformed',
    );
    expect(await refusal(verifyNotification('{"payment": ', signatureToken))).toBe('malformed');
    expect(await refusal(verifyNotification({ payment: 42 }, signatureToken))).toBe('missing_token');
    expect(await refusal(verifyNotification('https://shop.example/ok?order=1', signatureToken))).toBe(
      'missing_token',
    );
    expect(await refusal(verifyNotification(undefined, signatureToken))).toBe('missing_token');
    expect(await refusal(verifyNotification(`${signature}.${payload}.${signature}`, signatureToken))).toBe(
      'malformed',
    );
  });

  it('a correctly signed token without the protocol claims', async () => {
    const token = handMade({ alg: 'HS256', typ: 'JWT' }, { session_token: session.token, iat: 1 });
    expect(await refusal(verifyNotification(token, signatureToken))).toBe('invalid_claims');
    const badAmount = handMade(
      { alg: 'HS256' },
      { ...paymentClaims(session, gateway.merchant.merchant), order_amount: 10.5, iat: 1 },
    );
    expect(await refusal(verifyNotification(badAmount, signatureToken))).toBe('invalid_claims');
  });

  it("another merchant's notification, through the client", async () => {
    const theirs = handMade(
      { alg: 'HS256' },
      { ...paymentClaims(session, { code: 'sbx_someoneelse' }), iat: Math.floor(Date.now() / 1000) },
    );
    await expect(verifyNotification(theirs, signatureToken)).resolves.toBeTruthy();
    expect(await refusal(puente.verifyNotification(theirs, signatureToken))).toBe('wrong_merchant');
  });

  it('an expired token (exp claim)', async () => {
    const token = handMade(
      { alg: 'HS256' },
      { ...paymentClaims(session, gateway.merchant.merchant), iat: 1, exp: 2 },
    );
    expect(await refusal(verifyNotification(token, signatureToken))).toBe('expired');
  });
});
