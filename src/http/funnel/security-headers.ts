import type { FastifyReply } from 'fastify';

/**
 * A strict Content-Security-Policy for every funnel page: only our own stylesheet, no scripts, forms
 * posting only to us, and framing only by the merchant's registered origins (none by default).
 *
 * The pages of a payment opened by the widget also run one script of ours (`/assets/puente-frame.js`,
 * `script-src 'self'`, never inline): it is how the frame hears the widget's close button and posts the
 * result to the merchant's page.
 */
export function setFunnelHeaders(
  reply: FastifyReply,
  frameOrigins: readonly string[] = [],
  /**
   * The merchant's return URLs. Browsers apply `form-action` to the redirects that follow a form post too,
   * so the origins a finished payment redirects to must be listed next to our own.
   */
  returnUrls: readonly (string | null)[] = [],
  options: { widget?: boolean } = {},
): void {
  const ancestors = frameOrigins.length > 0 ? frameOrigins.join(' ') : "'none'";
  const formTargets = ["'self'", ...new Set(returnUrls.flatMap((url) => (url ? originOf(url) : [])))];
  reply
    .header(
      'content-security-policy',
      `default-src 'none';${options.widget ? " script-src 'self';" : ''} style-src 'self'; img-src 'self' data:; form-action ${formTargets.join(' ')}; base-uri 'none'; frame-ancestors ${ancestors}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8');
}

/** Origins of the merchants' return URLs, parsed once each: every funnel page names them (a few per merchant). */
const origins = new Map<string, string[]>();

function originOf(url: string): string[] {
  let origin = origins.get(url);
  if (origin) return origin;
  try {
    origin = [new URL(url).origin];
  } catch {
    origin = [];
  }
  if (origins.size >= 1_000) origins.clear();
  origins.set(url, origin);
  return origin;
}

/** Lets a funnel page run our own scripts (`script-src 'self'`, never inline), e.g. its copy buttons. */
export function allowOwnScripts(reply: FastifyReply): void {
  const policy = String(reply.getHeader('content-security-policy') ?? '');
  if (policy && !policy.includes('script-src')) {
    reply.header(
      'content-security-policy',
      policy.replace("default-src 'none';", "default-src 'none'; script-src 'self';"),
    );
  }
}
