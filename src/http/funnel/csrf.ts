import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * CSRF protection for funnel forms: the browser holds a random cookie (HttpOnly, Secure, SameSite=Lax) and
 * every form carries HMAC(session's csrf_secret, cookie). A page on another site can neither read the
 * cookie nor compute the token, so it cannot submit a form of someone's payment.
 *
 * Lax, not Strict: the payer arrives from the merchant's site by a top-level link, and a Strict cookie would
 * be missing on that first GET, which would then replace it and break a form open in another tab.
 */
export const CSRF_COOKIE = 'puente_csrf';

export function readCookie(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * A one-off message from an action to the page it redirects to ("El código no es correcto"): a cookie for
 * that session's path, read once and cleared, so the message is not kept in the URL for a reload to repeat.
 */
export const NOTICE_COOKIE = 'puente_notice';

export function setNotice(reply: FastifyReply, sessionPath: string, notice: string): void {
  reply.header(
    'set-cookie',
    `${NOTICE_COOKIE}=${notice}; Path=${sessionPath}; Max-Age=120; Secure; HttpOnly; SameSite=Lax`,
  );
}

/** The notice left by the last action, if any; clears it. */
export function takeNotice(request: FastifyRequest, reply: FastifyReply, sessionPath: string): string | null {
  const match = new RegExp(`(?:^|;\\s*)${NOTICE_COOKIE}=([a-z_]{1,64})(?:;|$)`).exec(
    request.headers.cookie ?? '',
  );
  if (!match) return null;
  reply.header(
    'set-cookie',
    `${NOTICE_COOKIE}=; Path=${sessionPath}; Max-Age=0; Secure; HttpOnly; SameSite=Lax`,
  );
  return match[1] ?? null;
}

/** The browser's CSRF cookie, set now when it has none. */
export function ensureBrowserCookie(request: FastifyRequest, reply: FastifyReply): string {
  const existing = readCookie(request, CSRF_COOKIE);
  if (existing) return existing;
  const value = randomBytes(24).toString('base64url');
  reply.header('set-cookie', `${CSRF_COOKIE}=${value}; Path=/session; Secure; HttpOnly; SameSite=Lax`);
  return value;
}

export function csrfToken(csrfSecret: string, browserCookie: string): string {
  return createHmac('sha256', csrfSecret).update(browserCookie).digest('base64url');
}

export function isValidCsrf(csrfSecret: string, request: FastifyRequest, given: string | null): boolean {
  const cookie = readCookie(request, CSRF_COOKIE);
  if (!cookie || !given) return false;
  const expected = Buffer.from(csrfToken(csrfSecret, cookie));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
