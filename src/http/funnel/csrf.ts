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

/**
 * The same kind of cookie for a payment inside the widget's frame on the merchant's site. A Lax cookie is
 * neither set nor sent in a cross-site frame, so this one is `SameSite=None` and `Partitioned` (CHIPS): the
 * browser keeps it apart per top-level site, so it tracks no one and survives third-party cookie blocking.
 * The CSRF token, not SameSite, is what protects the forms; only widget payments ever get this cookie.
 */
export const CSRF_FRAME_COOKIE = 'puente_csrf_frame';

/** The funnel's cookies' `SameSite`: `Lax` for a top-level page, `None; Partitioned` inside the widget's frame. */
const sameSite = (framed: boolean) => (framed ? 'SameSite=None; Partitioned' : 'SameSite=Lax');

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
 * Inside the widget's frame (`framed`) it is `SameSite=None; Partitioned`, as the frame's CSRF cookie: a
 * cross-site frame neither keeps nor sends a `Lax` one, and the message would be lost.
 */
export const NOTICE_COOKIE = 'puente_notice';

function noticeCookie(sessionPath: string, value: string, maxAge: number, framed: boolean): string {
  return `${NOTICE_COOKIE}=${value}; Path=${sessionPath}; Max-Age=${maxAge}; Secure; HttpOnly; ${sameSite(framed)}`;
}

export function setNotice(reply: FastifyReply, sessionPath: string, notice: string, framed = false): void {
  reply.header('set-cookie', noticeCookie(sessionPath, notice, 120, framed));
}

/** The notice left by the last action, if any; clears it. */
export function takeNotice(
  request: FastifyRequest,
  reply: FastifyReply,
  sessionPath: string,
  framed = false,
): string | null {
  const match = new RegExp(`(?:^|;\\s*)${NOTICE_COOKIE}=([a-z_]{1,64})(?:;|$)`).exec(
    request.headers.cookie ?? '',
  );
  if (!match) return null;
  reply.header('set-cookie', noticeCookie(sessionPath, '', 0, framed));
  return match[1] ?? null;
}

/** The cookie a request's CSRF token is bound to: the first-party one when the browser sent it. */
function browserCookie(request: FastifyRequest): string | null {
  return readCookie(request, CSRF_COOKIE) ?? readCookie(request, CSRF_FRAME_COOKIE);
}

/**
 * The browser's CSRF cookie, set now when it has none; `framed` (a widget payment) sets the frame cookie
 * too, with the same value, so the token holds whichever of the two the browser sends.
 */
export function ensureBrowserCookie(request: FastifyRequest, reply: FastifyReply, framed = false): string {
  const existing = browserCookie(request);
  if (existing) return existing;
  const value = randomBytes(24).toString('base64url');
  const cookie = `${CSRF_COOKIE}=${value}; Path=/session; Secure; HttpOnly; ${sameSite(false)}`;
  const frameCookie = `${CSRF_FRAME_COOKIE}=${value}; Path=/session; Secure; HttpOnly; ${sameSite(true)}`;
  reply.header('set-cookie', framed ? [cookie, frameCookie] : cookie);
  return value;
}

export function csrfToken(csrfSecret: string, browserCookie: string): string {
  return createHmac('sha256', csrfSecret).update(browserCookie).digest('base64url');
}

export function isValidCsrf(csrfSecret: string, request: FastifyRequest, given: string | null): boolean {
  const cookie = browserCookie(request);
  if (!cookie || !given) return false;
  const expected = Buffer.from(csrfToken(csrfSecret, cookie));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
