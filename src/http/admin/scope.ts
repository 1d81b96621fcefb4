import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../composition.ts';
import { PuenteError } from '../../domain/errors.ts';
import type { OperatorSession } from '../../ports/operator-store.ts';
import { resumeSession } from '../../use-cases/operators/operator-sessions.ts';
import { STATUS_BY_CODE } from '../errors.ts';
import { html } from '../html.ts';
import { sameSecret } from '../same-secret.ts';
import { roleMayUse, routeOpenAtStep, STEP_PAGE, stepOwed } from './access.ts';
import { ADMIN_CSS } from './assets.ts';
import { roleLabel } from './labels.ts';
import { adminPage, formOf, sendPage, setAdminHeaders } from './layout.ts';
import {
  type AdminMessageKey,
  isAdminMessageKey,
  isBackOfficePath,
  LANGUAGE_COOKIE,
  textOf,
} from './messages.ts';
import { ADMIN_PAGES } from './pages.ts';
import { loginRoutes } from './routes/login.ts';
import { setupRoutes } from './routes/setup.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The operator behind a back-office request; set only inside the /admin scope. */
    operator: OperatorSession | null;
  }
  interface FastifyContextConfig {
    /** A back-office route reachable without an operator session (login page, stylesheet). */
    adminPublic?: boolean;
  }
}

export const SESSION_COOKIE = 'puente_admin';
export const COOKIE_OPTIONS = { path: '/admin', httpOnly: true, secure: true, sameSite: 'strict' } as const;

/** An error page: the title and text are catalogue keys, or a message already in words (a domain error). */
function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  title: AdminMessageKey,
  message: string,
  values: Record<string, string> = {},
) {
  setAdminHeaders(reply);
  const text = textOf(request);
  const link = request.operator
    ? html`<a href="/admin">${text.t('error_back_to_dashboard')}</a>`
    : html`<a href="/admin/login">${text.t('login_title')}</a>`;
  const words = isAdminMessageKey(message) ? text.t(message, values) : message;
  return sendPage(
    reply,
    adminPage({
      text,
      title: text.t(title),
      operator: request.operator,
      body: html`<section class="card"><h1>${text.t(title)}</h1><p>${words}</p><p>${link}</p></section>`,
    }),
    status,
  );
}

/**
 * Everything under /admin, in one encapsulated scope: the cookie plugin, the security headers, the
 * operator auth hook and the CSRF check are registered inside it, so none of them touches the merchant
 * API or the funnel. Public routes (login, stylesheet) sit in the outer scope; all the others in the
 * inner one, where a request without a live session never reaches a handler.
 */
export function adminRoutes(app: FastifyInstance, services: Services): void {
  app.register(
    async (admin) => {
      await admin.register(fastifyCookie);
      admin.decorateRequest('operator', null);
      admin.addHook('onRequest', async (_request, reply) => setAdminHeaders(reply));
      // Operators get pages, not JSON: a known error is said in words, anything else is a logged 500.
      admin.setErrorHandler((error, request, reply) => {
        if (error instanceof PuenteError) {
          const status = STATUS_BY_CODE[error.code];
          return refuse(
            request,
            reply,
            status,
            status === 404 ? 'error_not_found' : 'error_not_done',
            error.message,
          );
        }
        request.log.error({ err: error }, 'unexpected error');
        return refuse(request, reply, 500, 'error_internal', 'error_internal_body', { id: request.id });
      });
      admin.setNotFoundHandler((request, reply) =>
        refuse(request, reply, 404, 'error_not_found', 'error_no_such_page'),
      );

      admin.get('/assets/admin.css', { config: { adminPublic: true } }, async (_request, reply) =>
        reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ADMIN_CSS),
      );
      // The header's language switch: a cookie for a year, then back to the page it was clicked on.
      admin.get('/language', { config: { adminPublic: true } }, async (request, reply) => {
        const query = (request.query ?? {}) as Record<string, unknown>;
        const back = typeof query.back === 'string' && isBackOfficePath(query.back) ? query.back : '/admin';
        if (query.lang === 'es' || query.lang === 'en') {
          reply.setCookie(LANGUAGE_COOKIE, query.lang, { ...COOKIE_OPTIONS, maxAge: 365 * 24 * 3600 });
        }
        return reply.redirect(back, 303);
      });
      loginRoutes(admin, services);
      setupRoutes(admin, services);

      await admin.register(async (secured) => {
        secured.addHook('onRequest', async (request, reply) => {
          const token = request.cookies[SESSION_COOKIE];
          const session = token
            ? await resumeSession(services, token, services.config.PUENTE_ADMIN_SESSION_MINUTES)
            : null;
          if (!session) {
            if (token) reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
            if (request.method === 'GET' || request.method === 'HEAD') {
              return reply.redirect('/admin/login', 303);
            }
            return refuse(request, reply, 401, 'error_session_title', 'error_session_body');
          }
          request.operator = session;
          const { method } = request;
          const url = request.routeOptions.url ?? '';
          // A session that owes its second factor (or, in production, an enrolment) reaches only that page.
          const step = stepOwed(session, services.config.PUENTE_ENV === 'production');
          if (step && !routeOpenAtStep(step, method, url)) {
            if (method === 'GET' || method === 'HEAD') return reply.redirect(STEP_PAGE[step], 303);
            return refuse(request, reply, 401, 'error_second_factor_title', 'error_second_factor_body');
          }
          if (!roleMayUse(session.role, method, url)) {
            return refuse(request, reply, 403, 'error_role_title', 'error_role_body', {
              role: roleLabel(session.role, textOf(request).language),
            });
          }
        });
        // Every state-changing request carries the session's CSRF token in its form.
        secured.addHook('preHandler', async (request, reply) => {
          if (request.method === 'GET' || request.method === 'HEAD') return;
          const operator = request.operator;
          if (!operator || !sameSecret(formOf(request).get('csrf'), operator.csrfToken)) {
            return refuse(request, reply, 403, 'error_form_title', 'error_form_body');
          }
        });
        for (const page of ADMIN_PAGES) page(secured, services);
      });
    },
    { prefix: '/admin' },
  );
}
