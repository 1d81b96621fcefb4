import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorSession } from '../../ports/operator-store.ts';
import { type Html, html } from '../html.ts';
import { roleMayUse } from './access.ts';

const SECTIONS = [
  { path: '/admin', label: 'Panel' },
  { path: '/admin/merchants', label: 'Comercios' },
  { path: '/admin/payments', label: 'Pagos' },
  { path: '/admin/deliveries', label: 'Webhooks' },
  { path: '/admin/movements/review', label: 'Por revisar' },
  { path: '/admin/audit', label: 'Auditoría' },
  { path: '/admin/operators', label: 'Operadores' },
] as const;

/**
 * The back-office shell: the funnel's stylesheet and look (brand header, cards, buttons), widened for
 * tables, with the section menu and the logout button (a form, so it carries the CSRF token).
 */
export function adminPage(options: {
  title: string;
  body: Html;
  operator?: OperatorSession | null;
  section?: string;
}): string {
  const { operator } = options;
  return html`<!doctype html>
<html lang="es-CL">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${options.title} · Puente back-office</title>
<link rel="stylesheet" href="/assets/funnel.css">
<link rel="stylesheet" href="/admin/assets/admin.css">
</head>
<body>
<main class="admin${operator ? '' : ' login'}">
<header class="brand"><span class="logo">Puente</span><span class="note">back-office</span></header>
${
  operator
    ? html`<nav class="admin" aria-label="Secciones">${SECTIONS.filter((section) =>
        roleMayUse(operator.role, 'GET', section.path),
      ).map(
        (section) =>
          html`<a href="${section.path}"${section.path === options.section ? html` aria-current="page"` : ''}>${section.label}</a>`,
      )}<form method="post" action="/admin/logout"><a class="who" href="/admin/security"${options.section === '/admin/security' ? html` aria-current="page"` : ''}>${operator.email}</a>${csrfField(operator)}<button type="submit" class="inline">Cerrar sesión</button></form></nav>`
    : ''
}
${options.body}
</main>
</body>
</html>`.text;
}

export function csrfField(operator: OperatorSession): Html {
  return html`<input type="hidden" name="csrf" value="${operator.csrfToken}">`;
}

/** No scripts at all, styles only from us, forms only to us, never framed. */
export function setAdminHeaders(reply: FastifyReply): void {
  reply
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    )
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store');
}

export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(page);
}

/** The operator of an authenticated back-office request (set by the scope's auth hook). */
export function operatorOf(request: FastifyRequest): OperatorSession {
  const operator = request.operator;
  if (!operator) throw new Error('back-office route reached without an operator session');
  return operator;
}

/** A form body (bodies arrive as raw strings, see app.ts). */
export function formOf(request: FastifyRequest): URLSearchParams {
  return new URLSearchParams(typeof request.body === 'string' ? request.body : '');
}

export function queryOf(request: FastifyRequest): Record<string, string> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
