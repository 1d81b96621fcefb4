import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PaymentStep } from './client.ts';
import { InvalidNotificationError } from './errors.ts';

/** A verified payment notification (DESIGN §5), in camelCase, with the signed claims as sent. */
export interface PaymentNotification {
  sessionToken: string;
  paymentToken: string | null;
  merchantOrderId: string;
  merchantCode: string;
  /** Whole Chilean pesos. */
  orderAmount: number;
  paymentStatus: 'pending' | 'success' | 'error' | 'cancelled' | 'expired';
  paymentStep: PaymentStep | (string & {});
  userBankCode: string | null;
  userRut: string | null;
  issuedAt: Date;
  /** The event's unique id (`jti`): a webhook retried by the gateway carries the same one, so dedupe on it. */
  eventId: string | null;
  claims: Readonly<Record<string, unknown>>;
}

/**
 * Finds the session's `signature_token` from the notification's claims, which are NOT yet verified: use
 * them only to look the token up (by `session_token` or `merchant_order_id`). `null` refuses the notification.
 */
export type SignatureTokenResolver = (
  unverifiedClaims: Readonly<Record<string, unknown>>,
) => string | null | undefined | Promise<string | null | undefined>;

export interface VerifyOptions {
  /** Refuse notifications issued longer ago than this (by `iat`). Off by default: webhooks retry for days. */
  maxAgeSeconds?: number;
  /** Refuse notifications for another merchant. */
  merchantCode?: string;
  /** Allowed clock difference with the gateway, in seconds (default 60). */
  clockToleranceSeconds?: number;
  now?: Date;
}

const STATUSES = new Set(['pending', 'success', 'error', 'cancelled', 'expired']);
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const JWT_IN_TEXT = /(?:^|[^A-Za-z0-9_-])jwt=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/;
const BARE_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function invalid(reason: InvalidNotificationError['reason'], message: string): InvalidNotificationError {
  return new InvalidNotificationError(reason, message);
}

/**
 * Finds the JWT in whatever the merchant's server received: a webhook body (`{"payment": "<JWT>"}` as an
 * object, a JSON string or bytes), a redirect URL or query string carrying `jwt=` (after `?` or whatever
 * `concat` character the session asked for), a parsed query object `{ jwt }`, or the bare JWT.
 */
export function extractNotificationToken(input: unknown): string {
  if (input instanceof URL) return extractNotificationToken(input.href);
  if (input instanceof URLSearchParams) return extractNotificationToken(input.toString());
  if (input instanceof Uint8Array) return extractNotificationToken(new TextDecoder().decode(input));
  if (typeof input === 'object' && input !== null) {
    const record = input as Record<string, unknown>;
    const token = record.payment ?? record.jwt;
    if (typeof token === 'string' && BARE_JWT.test(token.trim())) return token.trim();
    throw invalid('missing_token', 'the notification has no "payment" (webhook) or "jwt" (redirect) token');
  }
  if (typeof input !== 'string') throw invalid('missing_token', 'no notification token given');
  const text = input.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalid('malformed', 'the webhook body is not valid JSON');
    }
    return extractNotificationToken(parsed);
  }
  if (BARE_JWT.test(text)) return text;
  const match = JWT_IN_TEXT.exec(text);
  if (match?.[1]) return match[1];
  throw invalid('missing_token', 'no jwt= token in the redirect URL');
}

function decodeJsonSegment(segment: string, what: string): Record<string, unknown> {
  if (!BASE64URL.test(segment)) throw invalid('malformed', `the token's ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw invalid('malformed', `the token's ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('malformed', `the token's ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

const nullableString = (value: unknown) => value === null || typeof value === 'string';

function readClaims(claims: Record<string, unknown>): Omit<PaymentNotification, 'claims'> {
  const {
    session_token,
    payment_token,
    merchant_order_id,
    merchant_code,
    order_amount,
    payment_status,
    payment_step,
  } = claims;
  const problems: string[] = [];
  if (typeof session_token !== 'string' || session_token === '') problems.push('session_token');
  if (!nullableString(payment_token ?? null)) problems.push('payment_token');
  if (typeof merchant_order_id !== 'string' || merchant_order_id === '') problems.push('merchant_order_id');
  if (typeof merchant_code !== 'string' || merchant_code === '') problems.push('merchant_code');
  if (!Number.isSafeInteger(order_amount) || (order_amount as number) < 1) problems.push('order_amount');
  if (typeof payment_status !== 'string' || !STATUSES.has(payment_status)) problems.push('payment_status');
  if (typeof payment_step !== 'string') problems.push('payment_step');
  if (!nullableString(claims.user_bank_code ?? null)) problems.push('user_bank_code');
  if (!nullableString(claims.user_rut ?? null)) problems.push('user_rut');
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) problems.push('iat');
  if (claims.jti !== undefined && typeof claims.jti !== 'string') problems.push('jti');
  if (problems.length > 0) throw invalid('invalid_claims', `invalid claims: ${problems.join(', ')}`);
  return {
    sessionToken: session_token as string,
    paymentToken: (payment_token as string | null | undefined) ?? null,
    merchantOrderId: merchant_order_id as string,
    merchantCode: merchant_code as string,
    orderAmount: order_amount as number,
    paymentStatus: payment_status as PaymentNotification['paymentStatus'],
    paymentStep: payment_step as string,
    userBankCode: (claims.user_bank_code as string | null | undefined) ?? null,
    userRut: (claims.user_rut as string | null | undefined) ?? null,
    issuedAt: new Date((claims.iat as number) * 1000),
    eventId: (claims.jti as string | undefined) ?? null,
  };
}

/**
 * Verifies a payment notification signed by the gateway (HS256 with the session's `signature_token`) and
 * returns its claims. Only HS256 is accepted (never `none`, never another algorithm the header names), the
 * signature is compared in constant time, and every claim the protocol promises is checked. Throws
 * `InvalidNotificationError` for anything that must not be trusted.
 *
 * @example
 *   const payment = await verifyNotification(request.body, order.signatureToken);
 *   if (payment.paymentStatus === 'success') markPaid(payment.merchantOrderId);
 */
export async function verifyNotification(
  input: unknown,
  signatureToken: string | SignatureTokenResolver,
  options: VerifyOptions = {},
): Promise<PaymentNotification> {
  const token = extractNotificationToken(input);
  const [headerPart = '', payloadPart = '', signaturePart = ''] = token.split('.');
  const header = decodeJsonSegment(headerPart, 'header');
  if (header.alg !== 'HS256') {
    throw invalid('unsupported_algorithm', `the token's algorithm must be HS256, not ${String(header.alg)}`);
  }
  if (header.crit !== undefined) throw invalid('unsupported_algorithm', 'the token has critical extensions');
  const claims = decodeJsonSegment(payloadPart, 'payload');

  const key = typeof signatureToken === 'string' ? signatureToken : await signatureToken(claims);
  if (typeof key !== 'string' || key === '') {
    throw invalid('unknown_session', 'no signature_token is known for this notification');
  }
  if (!BASE64URL.test(signaturePart)) throw invalid('malformed', 'the token has no signature');
  const expected = createHmac('sha256', key).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  // Lengths are public (32 bytes for HS256); only equal-length buffers go to the constant-time compare.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid('bad_signature', 'the notification signature does not match');
  }

  const notification = readClaims(claims);
  if (options.merchantCode !== undefined && notification.merchantCode !== options.merchantCode) {
    throw invalid('wrong_merchant', 'the notification is for another merchant');
  }
  const now = (options.now ?? new Date()).getTime() / 1000;
  const tolerance = options.clockToleranceSeconds ?? 60;
  if (typeof claims.exp === 'number' && now - tolerance >= claims.exp) {
    throw invalid('expired', 'the notification has expired');
  }
  if (options.maxAgeSeconds !== undefined) {
    const age = now - (claims.iat as number);
    if (age < -tolerance) throw invalid('issued_in_future', 'the notification was issued in the future');
    if (age > options.maxAgeSeconds + tolerance) {
      throw invalid('too_old', `the notification is older than ${options.maxAgeSeconds} s`);
    }
  }
  return { ...notification, claims: Object.freeze({ ...claims }) };
}
