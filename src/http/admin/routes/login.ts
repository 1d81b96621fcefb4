import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../composition.ts';
import type { Credentials } from '../../../ports/credentials.ts';
import { LOGIN_WINDOW_MINUTES, logIn, logOut } from '../../../use-cases/operators/operator-sessions.ts';
import { html } from '../../html.ts';
import { sameSecret } from '../../same-secret.ts';
import { auditAction } from '../audit.ts';
import { adminPage, formOf, operatorOf, queryOf, sendPage } from '../layout.ts';
import { COOKIE_OPTIONS, SESSION_COOKIE } from '../scope.ts';

/** Before login there is no session to hold a CSRF token: the form's token is also set in a cookie. */
const LOGIN_CSRF_COOKIE = 'puente_admin_login';

function loginForm(
  credentials: Credentials,
  reply: FastifyReply,
  status: number,
  error: string | null,
  email = '',
  /** On a deployment without operators: how long the setup link lasts (0: none), to say how to get in. */
  firstStart: { setupLinkMinutes: number } | null = null,
  created = false,
) {
  const csrf = credentials.newToken(43);
  reply.setCookie(LOGIN_CSRF_COOKIE, csrf, { ...COOKIE_OPTIONS, maxAge: 3600 });
  return sendPage(
    reply,
    adminPage({
      title: 'Iniciar sesión',
      body: html`<section class="card" aria-labelledby="login-title">
<h1 id="login-title">Iniciar sesión</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${
  firstStart
    ? html`<p class="note">Aún no hay operadores. ${
        firstStart.setupLinkMinutes > 0
          ? html`Crea el primero con el enlace de un solo uso que el gateway muestra en su consola al iniciar (<code>/admin/setup?token=…</code>, válido ${firstStart.setupLinkMinutes} minutos; si venció, reinicia el gateway y mostrará uno nuevo).`
          : html`Crea el primero en el servidor: <code>npm run puente -- operator create --email tu@correo.cl</code>.`
      }</p>`
    : ''
}
${created ? html`<p class="flash card" role="status">Operador creado. Inicia sesión con tu correo y contraseña.</p>` : ''}
<form method="post" action="/admin/login" class="stack">
<input type="hidden" name="csrf" value="${csrf}">
<label for="email">Correo</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${email}">
<label for="password">Contraseña</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="primary">Entrar</button>
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
    if (!sameSecret(form.get('csrf'), request.cookies[LOGIN_CSRF_COOKIE] ?? '')) {
      return loginForm(services.credentials, reply, 403, 'El formulario venció. Inténtalo otra vez.', email);
    }
    const result = await logIn(services, {
      email,
      password: form.get('password') ?? '',
      ip: request.ip,
      idleMinutes: services.config.PUENTE_ADMIN_SESSION_MINUTES,
    });
    if (!result.ok) {
      return result.reason === 'limited'
        ? loginForm(
            services.credentials,
            reply,
            429,
            `Demasiados intentos fallidos. Espera ${LOGIN_WINDOW_MINUTES} minutos.`,
            email,
          )
        : loginForm(services.credentials, reply, 401, 'Correo o contraseña incorrectos.', email);
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
