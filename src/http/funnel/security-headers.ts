import type { FastifyReply } from 'fastify';

/**
 * A strict Content-Security-Policy for every funnel page: only our own stylesheet, no scripts, forms
 * posting only to us, and framing only by the merchant's registered origins (none by default).
 */
export function setFunnelHeaders(reply: FastifyReply, frameOrigins: readonly string[] = []): void {
  const ancestors = frameOrigins.length > 0 ? frameOrigins.join(' ') : "'none'";
  reply
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8');
}
