import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import { type AdminMessageKey, type AdminText, isAdminMessageKey, textOf } from '../messages.ts';
import { COOKIE_OPTIONS } from '../scope.ts';

/** There is no session yet to hold a CSRF token: the form's token is also set in a cookie (as at login). */
const SETUP_CSRF_COOKIE = 'puente_admin_setup';

const REFUSALS: Record<
  Exclude<SetupLinkState, 'valid'>,
  { status: number; title: AdminMessageKey; body: AdminMessageKey }
> = {
  closed: { status: 410, title: 'setup_closed_title', body: 'setup_closed_body' },
  expired: { status: 410, title: 'setup_expired_title', body: 'setup_expired_body' },
  unknown: { status: 403, title: 'setup_unknown_title', body: 'setup_unknown_body' },
};

function refusal(request: FastifyRequest, reply: FastifyReply, reason: Exclude<SetupLinkState, 'valid'>) {
  const text = textOf(request);
  const { status, title, body } = REFUSALS[reason];
  return sendPage(
    reply,
    adminPage({
      text,
      title: text.t(title),
      body: html`<section class="card"><h1>${text.t(title)}</h1><p>${text.t(body)}</p><p><a href="/admin/login">${text.t('login_title')}</a></p></section>`,
    }),
    status,
  );
}

/** What a validation error says to the person creating the first operator. */
function problem(text: AdminText, error: PuenteError): string {
  if (error.field === 'email') return text.t('setup_bad_email');
  if (error.field === 'password') return text.t('setup_short_password', { count: MIN_PASSWORD_LENGTH });
  return error.message;
}

function setupForm(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  options: { status?: number; error?: AdminMessageKey | string; email?: string } = {},
) {
  const text = textOf(request);
  const { t } = text;
  const csrf = services.credentials.newToken(43);
  reply.setCookie(SETUP_CSRF_COOKIE, csrf, { ...COOKIE_OPTIONS, maxAge: 3600 });
  const error = options.error && isAdminMessageKey(options.error) ? t(options.error) : options.error;
  return sendPage(
    reply,
    adminPage({
      text,
      title: t('setup_title'),
      body: html`<section class="card" aria-labelledby="setup-title">
<h1 id="setup-title">${t('setup_title')}</h1>
<p>${t('setup_intro')}</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/admin/setup" class="stack">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="token" value="${token}">
<label for="email">${t('login_email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}">
<label for="password">${t('login_password')}</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" aria-describedby="password-help">
<p class="note" id="password-help">${t('setup_password_help', { count: MIN_PASSWORD_LENGTH })}</p>
<label for="password_confirmation">${t('setup_password_again')}</label>
<input id="password_confirmation" name="password_confirmation" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}">
<button type="submit" class="primary">${t('setup_submit')}</button>
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
    return state === 'valid' ? setupForm(services, request, reply, token) : refusal(request, reply, state);
  });

  admin.post('/setup', { config: { adminPublic: true } }, async (request, reply) => {
    const form = formOf(request);
    const token = form.get('token') ?? '';
    const email = form.get('email') ?? '';
    const password = form.get('password') ?? '';
    const state = await setupLinkState(services, token);
    if (state !== 'valid') return refusal(request, reply, state);
    if (!sameSecret(form.get('csrf'), request.cookies[SETUP_CSRF_COOKIE] ?? '')) {
      return setupForm(services, request, reply, token, {
        status: 403,
        error: 'login_form_expired',
        email,
      });
    }
    if (password !== (form.get('password_confirmation') ?? '')) {
      return setupForm(services, request, reply, token, {
        status: 400,
        error: 'setup_passwords_differ',
        email,
      });
    }
    try {
      const result = await createFirstOperator(services, { token, email, password, ip: request.ip });
      if (!result.ok) return refusal(request, reply, result.reason);
      request.log.info({ operator: result.operator.email }, 'first operator created through the setup link');
    } catch (error) {
      if (!(error instanceof PuenteError) || error.code !== 'validation_error') throw error;
      return setupForm(services, request, reply, token, {
        status: 400,
        error: problem(textOf(request), error),
        email,
      });
    }
    reply.clearCookie(SETUP_CSRF_COOKIE, COOKIE_OPTIONS);
    return reply.redirect('/admin/login?created=1', 303);
  });
}
