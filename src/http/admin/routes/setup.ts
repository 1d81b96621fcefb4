import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../composition.ts';
import { PuenteError } from '../../../domain/errors.ts';
import { MIN_PASSWORD_LENGTH } from '../../../use-cases/operators/create-operator.ts';
import {
  createFirstOperator,
  type SetupLinkState,
  setupLinkState,
} from '../../../use-cases/operators/first-operator-setup.ts';
import { html } from '../../html.ts';
import { sameSecret } from '../../same-secret.ts';
import { adminPage, formOf, queryOf, sendPage } from '../layout.ts';
import { COOKIE_OPTIONS } from '../scope.ts';

/** There is no session yet to hold a CSRF token: the form's token is also set in a cookie (as at login). */
const SETUP_CSRF_COOKIE = 'puente_admin_setup';

const REFUSALS: Record<Exclude<SetupLinkState, 'valid'>, { status: number; title: string; text: string }> = {
  closed: {
    status: 410,
    title: 'Ya hay operadores',
    text: 'Este enlace solo sirve para crear el primer operador, y ya existe uno. Inicia sesión, o pide a un operador que te cree una cuenta.',
  },
  expired: {
    status: 410,
    title: 'El enlace venció',
    text: 'El enlace de configuración dura poco. Reinicia el gateway (npm start): al iniciar sin operadores muestra un enlace nuevo en su consola.',
  },
  unknown: {
    status: 403,
    title: 'Enlace no válido',
    text: 'Este enlace no es válido o ya se usó. Usa el último enlace que el gateway mostró en su consola al iniciar: cada inicio reemplaza al anterior.',
  },
};

function refusal(reply: FastifyReply, reason: Exclude<SetupLinkState, 'valid'>) {
  const { status, title, text } = REFUSALS[reason];
  return sendPage(
    reply,
    adminPage({
      title,
      body: html`<section class="card"><h1>${title}</h1><p>${text}</p><p><a href="/admin/login">Iniciar sesión</a></p></section>`,
    }),
    status,
  );
}

/** What a validation error says to the person creating the first operator. */
function problem(error: PuenteError): string {
  if (error.field === 'email') return 'Escribe un correo válido.';
  if (error.field === 'password')
    return `La contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres.`;
  return error.message;
}

function setupForm(
  services: Services,
  reply: FastifyReply,
  token: string,
  options: { status?: number; error?: string; email?: string } = {},
) {
  const csrf = services.credentials.newToken(43);
  reply.setCookie(SETUP_CSRF_COOKIE, csrf, { ...COOKIE_OPTIONS, maxAge: 3600 });
  return sendPage(
    reply,
    adminPage({
      title: 'Crear el primer operador',
      body: html`<section class="card" aria-labelledby="setup-title">
<h1 id="setup-title">Crear el primer operador</h1>
<p>Este Puente aún no tiene operadores. Crea el primero: podrá entrar al back-office y administrar comercios y pagos. El enlace sirve una sola vez.</p>
${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
<form method="post" action="/admin/setup" class="stack">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="token" value="${token}">
<label for="email">Correo</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}">
<label for="password">Contraseña</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" aria-describedby="password-help">
<p class="note" id="password-help">Al menos ${MIN_PASSWORD_LENGTH} caracteres.</p>
<label for="password_confirmation">Repite la contraseña</label>
<input id="password_confirmation" name="password_confirmation" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}">
<button type="submit" class="primary">Crear operador</button>
</form>
</section>`,
    }),
    options.status ?? 200,
  );
}

/**
 * `/admin/setup?token=…`: the one-time link `puente serve` prints while the deployment has no operator.
 * Public (there is nobody to log in yet); the token is the authorisation, and once any operator exists the
 * page is gone (410) whatever the token.
 */
export function setupRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/setup', { config: { adminPublic: true } }, async (request, reply) => {
    const token = queryOf(request).token ?? '';
    const state = await setupLinkState(services, token);
    return state === 'valid' ? setupForm(services, reply, token) : refusal(reply, state);
  });

  admin.post('/setup', { config: { adminPublic: true } }, async (request, reply) => {
    const form = formOf(request);
    const token = form.get('token') ?? '';
    const email = form.get('email') ?? '';
    const password = form.get('password') ?? '';
    const state = await setupLinkState(services, token);
    if (state !== 'valid') return refusal(reply, state);
    if (!sameSecret(form.get('csrf'), request.cookies[SETUP_CSRF_COOKIE] ?? '')) {
      return setupForm(services, reply, token, {
        status: 403,
        error: 'El formulario venció. Inténtalo otra vez.',
        email,
      });
    }
    if (password !== (form.get('password_confirmation') ?? '')) {
      return setupForm(services, reply, token, {
        status: 400,
        error: 'Las contraseñas no coinciden.',
        email,
      });
    }
    try {
      const result = await createFirstOperator(services, { token, email, password, ip: request.ip });
      if (!result.ok) return refusal(reply, result.reason);
      request.log.info({ operator: result.operator.email }, 'first operator created through the setup link');
    } catch (error) {
      if (!(error instanceof PuenteError) || error.code !== 'validation_error') throw error;
      return setupForm(services, reply, token, { status: 400, error: problem(error), email });
    }
    reply.clearCookie(SETUP_CSRF_COOKIE, COOKIE_OPTIONS);
    return reply.redirect('/admin/login?created=1', 303);
  });
}
