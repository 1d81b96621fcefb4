import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../composition.ts';
import type { Credentials } from '../../../ports/credentials.ts';
import { LOGIN_WINDOW_MINUTES, logIn, logOut } from '../../../use-cases/operators/operator-sessions.ts';
import { html } from '../../html.ts';
import { sameSecret } from '../../same-secret.ts';
import { auditAction } from '../audit.ts';
import { adminPage, formOf, operatorOf, queryOf, sendPage } from '../layout.ts';
import { type AdminMessageKey, textOf } from '../messages.ts';
import { COOKIE_OPTIONS, SESSION_COOKIE } from '../scope.ts';

/** Before login there is no session to hold a CSRF token: the form's token is also set in a cookie. */
const LOGIN_CSRF_COOKIE = 'puente_admin_login';

function loginForm(
  credentials: Credentials,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error: string | null,
  email = '',
  /** On a deployment without operators: how long the setup link lasts (0: none), to say how to get in. */
  firstStart: { setupLinkMinutes: number } | null = null,
  created = false,
) {
  const text = textOf(request);
  const csrf = credentials.newToken(43);
  reply.setCookie(LOGIN_CSRF_COOKIE, csrf, { ...COOKIE_OPTIONS, maxAge: 3600 });
  return sendPage(
    reply,
    adminPage({
      text,
      title: text.t('login_title'),
      body: html`<section class="card" aria-labelledby="login-title">
<h1 id="login-title">${text.t('login_title')}</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${
  firstStart
    ? html`<p class="note">${text.t('login_no_operators')} ${
        firstStart.setupLinkMinutes > 0
          ? text.rich('login_setup_link', {
              link: html`<code>/admin/setup?token=…</code>`,
              minutes: firstStart.setupLinkMinutes,
            })
          : text.rich('login_first_start', {
              command: html`<code>npm run puente -- operator create --email tu@correo.cl</code>`,
            })
      }</p>`
    : ''
}
${created ? html`<p class="flash card" role="status">${text.t('login_operator_created')}</p>` : ''}
<form method="post" action="/admin/login" class="stack">
<input type="hidden" name="csrf" value="${csrf}">
<label for="email">${text.t('login_email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${email}">
<label for="password">${text.t('login_password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="primary">${text.t('login_submit')}</button>
</form>
</section>`,
    }),
    status,
  );
}

export function loginRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/login', { config: { adminPublic: true } }, async (request, reply) =>
    // On a fresh deployment, say how to get in: the setup link printed at start, or the command line.
    loginForm(
      services.credentials,
      request,
      reply,
      200,
      null,
      '',
      (await services.operators.count()) === 0
        ? { setupLinkMinutes: services.config.PUENTE_SETUP_LINK_MINUTES }
        : null,
      queryOf(request).created === '1',
    ),
  );

  admin.post('/login', { config: { adminPublic: true } }, async (request, reply) => {
    const form = formOf(request);
    const email = form.get('email') ?? '';
    const refused = (status: number, key: AdminMessageKey, values: Record<string, number> = {}) =>
      loginForm(services.credentials, request, reply, status, textOf(request).t(key, values), email);
    if (!sameSecret(form.get('csrf'), request.cookies[LOGIN_CSRF_COOKIE] ?? '')) {
      return refused(403, 'login_form_expired');
    }
    const result = await logIn(services, {
      email,
      password: form.get('password') ?? '',
      ip: request.ip,
      idleMinutes: services.config.PUENTE_ADMIN_SESSION_MINUTES,
    });
    if (!result.ok) {
      return result.reason === 'limited'
        ? refused(429, 'login_limited', { minutes: LOGIN_WINDOW_MINUTES })
        : refused(401, 'login_wrong');
    }
    request.log.info({ operator: result.session.email }, 'operator logged in');
    reply.clearCookie(LOGIN_CSRF_COOKIE, COOKIE_OPTIONS);
    reply.setCookie(SESSION_COOKIE, result.token, COOKIE_OPTIONS);
    return reply.redirect('/admin', 303);
  });
}

/** `POST /admin/logout` (inside the authenticated scope: it needs the session's CSRF token). */
export function logoutRoute(admin: FastifyInstance, services: Services): void {
  admin.post('/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logOut(services, token);
    await auditAction(services, request, 'logout', operatorOf(request).email);
    reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
    return reply.redirect('/admin/login', 303);
  });
}
