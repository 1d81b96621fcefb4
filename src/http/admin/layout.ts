import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorSession } from '../../ports/operator-store.ts';
import { type Html, html } from '../html.ts';
import { roleMayUse } from './access.ts';
import type { AdminMessageKey, AdminText } from './messages.ts';

const SECTIONS: readonly { path: string; label: AdminMessageKey }[] = [
  { path: '/admin', label: 'nav_dashboard' },
  { path: '/admin/merchants', label: 'nav_merchants' },
  { path: '/admin/payments', label: 'nav_payments' },
  { path: '/admin/deliveries', label: 'nav_deliveries' },
  { path: '/admin/movements/review', label: 'nav_review' },
  { path: '/admin/audit', label: 'nav_audit' },
  { path: '/admin/operators', label: 'nav_operators' },
];

/**
 * The back-office shell: the funnel's stylesheet and look (brand header, cards, buttons), widened for
 * tables, with the section menu, the language switch and the logout button (a form, so it carries the CSRF
 * token). `back` is where the language switch returns (the page itself, for a GET).
 */
export function adminPage(options: {
  text: AdminText;
  title: string;
  body: Html;
  operator?: OperatorSession | null;
  section?: string;
  back?: string;
}): string {
  const { operator, text } = options;
  const other = text.language === 'es' ? 'en' : 'es';
  const back = options.back ?? text.here ?? options.section ?? (operator ? '/admin' : '/admin/login');
  return html`<!doctype html>
<html lang="${text.language === 'es' ? 'es-CL' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${options.title} · Puente ${text.t('back_office')}</title>
<link rel="stylesheet" href="/assets/funnel.css">
<link rel="stylesheet" href="/admin/assets/admin.css">
</head>
<body>
<main class="admin${operator ? '' : ' login'}">
<header class="brand"><span class="logo">Puente</span><span class="note">${text.t('back_office')}</span><a class="switch" lang="${other === 'es' ? 'es-CL' : 'en'}" href="/admin/language?lang=${other}&amp;back=${encodeURIComponent(back)}">${text.t('language_switch')}</a></header>
${
  operator
    ? html`<nav class="admin" aria-label="${text.t('nav_label')}">${SECTIONS.filter((section) =>
        roleMayUse(operator.role, 'GET', section.path),
      ).map(
        (section) =>
          html`<a href="${section.path}"${section.path === options.section ? html` aria-current="page"` : ''}>${text.t(section.label)}</a>`,
      )}<form method="post" action="/admin/logout"><a class="who" href="/admin/security"${options.section === '/admin/security' ? html` aria-current="page"` : ''}>${operator.email}</a>${csrfField(operator)}<button type="submit" class="inline">${text.t('log_out')}</button></form></nav>`
    : ''
}
${options.body}
</main>
</body>
</html>`.text;
}

/** A wide table in a keyboard-scrollable region, labelled in the page's language. */
export function scrollingTable(text: AdminText, table: Html): Html {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${text.t('table_scrolls')}">${table}</div>`;
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
