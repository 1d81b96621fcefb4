import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Services } from '../../../composition.ts';
import type { OperatorSession } from '../../../ports/operator-store.ts';
import { LOGIN_WINDOW_MINUTES } from '../../../use-cases/operators/operator-sessions.ts';
import {
  confirmEnrolment,
  RECOVERY_CODE_COUNT,
  startEnrolment,
  verifySecondFactor,
} from '../../../use-cases/operators/second-factor.ts';
import { escapeHtml, type Html, html, raw } from '../../html.ts';
import { ENROLMENT_PATH, SECOND_FACTOR_PATH } from '../access.ts';
import { adminPage, csrfField, formOf, operatorOf, sendPage } from '../layout.ts';
import { textOf } from '../messages.ts';

/** Leaving without finishing: the session's logout form, for pages shown before the menu is. */
function logoutForm(operator: OperatorSession, label: string): Html {
  return html`<form method="post" action="/admin/logout">${csrfField(operator)}<button type="submit" class="inline">${label}</button></form>`;
}

/** The page after the password, for an operator with a second factor. */
function codePage(
  request: FastifyRequest,
  reply: FastifyReply,
  operator: OperatorSession,
  status: number,
  error: string | null,
) {
  const text = textOf(request);
  const { t } = text;
  return sendPage(
    reply,
    adminPage({
      text,
      title: t('second_factor'),
      body: html`<section class="card" aria-labelledby="second-factor-title">
<h1 id="second-factor-title">${t('second_factor')}</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<p>${text.rich('second_factor_ask', { email: html`<strong>${operator.email}</strong>` })}</p>
<form method="post" action="${SECOND_FACTOR_PATH}" class="stack">
${csrfField(operator)}
<label for="code">${t('second_factor_code')}</label>
<input id="code" name="code" autocomplete="one-time-code" required maxlength="64" spellcheck="false" autocapitalize="characters">
<button type="submit" class="primary">${t('second_factor_verify')}</button>
</form>
${logoutForm(operator, t('second_factor_cancel'))}
</section>`,
    }),
    status,
  );
}

/** The enrolment page: the QR code, the same secret as text, and the form that confirms it with a code. */
async function enrolmentPage(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  operator: OperatorSession,
  status: number,
  error: string | null,
) {
  const text = textOf(request);
  const { t } = text;
  const { secret, uri } = await startEnrolment(services, operator);
  // Inline SVG drawn on the server: the page needs no script and no image source beyond itself.
  const qr = (await QRCode.toString(uri, { type: 'svg', margin: 2, width: 220, errorCorrectionLevel: 'M' }))
    .replace('<svg ', '<svg role="img" aria-labelledby="qr-title" ')
    .replace(/<svg[^>]*>/, (svg) => `${svg}<title id="qr-title">${escapeHtml(t('enrol_qr'))}</title>`);
  const required = services.config.PUENTE_ENV === 'production';
  return sendPage(
    reply,
    adminPage({
      text,
      title: t('enrol_title'),
      // Before enrolment in production the menu would only lead back here.
      operator: required ? null : operator,
      section: ENROLMENT_PATH,
      body: html`<section class="card" aria-labelledby="enrol-title">
<h1 id="enrol-title">${t('enrol_title')}</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<p>${required ? t('enrol_required') : t('enrol_optional')} ${t('enrol_scan')}</p>
<figure class="qr">${raw(qr)}</figure>
<p>${t('enrol_by_hand')}</p>
<p class="secret"><code id="totp-secret">${secret}</code></p>
<form method="post" action="/admin/security/enrol" class="stack">
${csrfField(operator)}
<label for="code">${t('enrol_code')}</label>
<input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required maxlength="6" pattern="[0-9]{6}">
<button type="submit" class="primary">${t('enrol_submit')}</button>
</form>
${required ? logoutForm(operator, t('log_out')) : ''}
</section>`,
    }),
    status,
  );
}

function enrolledPage(request: FastifyRequest, reply: FastifyReply, operator: OperatorSession) {
  const text = textOf(request);
  const { t } = text;
  return sendPage(
    reply,
    adminPage({
      text,
      title: t('second_factor'),
      operator,
      section: ENROLMENT_PATH,
      body: html`<section class="card" aria-labelledby="enrolled-title">
<h1 id="enrolled-title">${t('second_factor')}</h1>
<p>${text.rich('enrolled_body', { active: html`<strong>${t('enrolled_active')}</strong>` })}</p>
<p class="note">${text.rich('enrolled_note', { command: html`<code>npm run puente -- operator reset-mfa ${operator.email}</code>` })}</p>
</section>`,
    }),
  );
}

function recoveryCodesPage(
  request: FastifyRequest,
  reply: FastifyReply,
  operator: OperatorSession,
  codes: string[],
) {
  const text = textOf(request);
  const { t } = text;
  return sendPage(
    reply,
    adminPage({
      text,
      title: t('recovery_title'),
      operator,
      section: ENROLMENT_PATH,
      body: html`<section class="card secret" aria-labelledby="recovery-title">
<h1 id="recovery-title">${t('recovery_heading')}</h1>
<p>${text.rich('recovery_body', {
        count: RECOVERY_CODE_COUNT,
        once: html`<strong>${t('recovery_once')}</strong>`,
        never: html`<strong>${t('recovery_never')}</strong>`,
      })}</p>
<ul id="recovery-codes">${codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>
<p><a class="button inline primary" href="/admin">${t('recovery_continue')}</a></p>
</section>`,
    }),
  );
}

function who(request: FastifyRequest) {
  return { ip: request.ip, requestId: request.id };
}

export function secondFactorRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/login/second-factor', async (request, reply) => {
    const operator = operatorOf(request);
    if (operator.secondFactor !== 'pending') return reply.redirect('/admin', 303);
    return codePage(request, reply, operator, 200, null);
  });

  admin.post('/login/second-factor', async (request, reply) => {
    const operator = operatorOf(request);
    if (operator.secondFactor !== 'pending') return reply.redirect('/admin', 303);
    const result = await verifySecondFactor(services, operator, {
      code: formOf(request).get('code') ?? '',
      ...who(request),
    });
    if (!result.ok) {
      return result.reason === 'limited'
        ? codePage(
            request,
            reply,
            operator,
            429,
            textOf(request).t('login_limited', { minutes: LOGIN_WINDOW_MINUTES }),
          )
        : codePage(request, reply, operator, 401, textOf(request).t('second_factor_wrong'));
    }
    request.log.info({ operator: operator.email, via: result.via }, 'operator passed the second factor');
    return reply.redirect('/admin', 303);
  });

  admin.get('/security', async (request, reply) => {
    const operator = operatorOf(request);
    if (operator.secondFactor !== 'none') return enrolledPage(request, reply, operator);
    return enrolmentPage(services, request, reply, operator, 200, null);
  });

  admin.post('/security/enrol', async (request, reply) => {
    const operator = operatorOf(request);
    if (operator.secondFactor !== 'none') return reply.redirect(ENROLMENT_PATH, 303);
    const result = await confirmEnrolment(services, operator, {
      code: formOf(request).get('code') ?? '',
      ...who(request),
    });
    if (!result.ok) {
      return result.reason === 'enrolled'
        ? reply.redirect(ENROLMENT_PATH, 303)
        : enrolmentPage(services, request, reply, operator, 400, textOf(request).t('enrol_wrong'));
    }
    return recoveryCodesPage(request, reply, operator, result.recoveryCodes);
  });
}
