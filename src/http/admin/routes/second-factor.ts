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
import { type Html, html, raw } from '../../html.ts';
import { ENROLMENT_PATH, SECOND_FACTOR_PATH } from '../access.ts';
import { adminPage, csrfField, formOf, operatorOf, sendPage } from '../layout.ts';

/** Leaving without finishing: the session's logout form, for pages shown before the menu is. */
function logoutForm(operator: OperatorSession, label: string): Html {
  return html`<form method="post" action="/admin/logout">${csrfField(operator)}<button type="submit" class="inline">${label}</button></form>`;
}

/** The page after the password, for an operator with a second factor. */
function codePage(reply: FastifyReply, operator: OperatorSession, status: number, error: string | null) {
  return sendPage(
    reply,
    adminPage({
      title: 'Segundo factor',
      body: html`<section class="card" aria-labelledby="second-factor-title">
<h1 id="second-factor-title">Segundo factor</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<p>Ingresa el código de 6 dígitos que muestra tu aplicación de autenticación para <strong>${operator.email}</strong>. Si perdiste el teléfono, usa uno de tus códigos de recuperación (sirve una sola vez).</p>
<form method="post" action="${SECOND_FACTOR_PATH}" class="stack">
${csrfField(operator)}
<label for="code">Código</label>
<input id="code" name="code" autocomplete="one-time-code" required maxlength="64" spellcheck="false" autocapitalize="characters">
<button type="submit" class="primary">Verificar</button>
</form>
${logoutForm(operator, 'Cancelar y salir')}
</section>`,
    }),
    status,
  );
}

/** The enrolment page: the QR code, the same secret as text, and the form that confirms it with a code. */
async function enrolmentPage(
  services: Services,
  reply: FastifyReply,
  operator: OperatorSession,
  status: number,
  error: string | null,
) {
  const { secret, uri } = await startEnrolment(services, operator);
  // Inline SVG drawn on the server: the page needs no script and no image source beyond itself.
  const qr = (await QRCode.toString(uri, { type: 'svg', margin: 2, width: 220, errorCorrectionLevel: 'M' }))
    .replace('<svg ', '<svg role="img" aria-labelledby="qr-title" ')
    .replace(/(<svg[^>]*>)/, '$1<title id="qr-title">Código QR para la aplicación de autenticación</title>');
  const required = services.config.PUENTE_ENV === 'production';
  return sendPage(
    reply,
    adminPage({
      title: 'Activar segundo factor',
      // Before enrolment in production the menu would only lead back here.
      operator: required ? null : operator,
      section: ENROLMENT_PATH,
      body: html`<section class="card" aria-labelledby="enrol-title">
<h1 id="enrol-title">Activar segundo factor</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<p>${
        required
          ? 'En producción el back-office exige un segundo factor: actívalo para continuar.'
          : 'En sandbox el segundo factor es opcional; en producción es obligatorio.'
      } Escanea el código con una aplicación de autenticación (Google Authenticator, Microsoft Authenticator, 1Password, FreeOTP…).</p>
<figure class="qr">${raw(qr)}</figure>
<p>¿No puedes escanear? Ingresa esta clave a mano (tipo «basado en tiempo»):</p>
<p class="secret"><code id="totp-secret">${secret}</code></p>
<form method="post" action="/admin/security/enrol" class="stack">
${csrfField(operator)}
<label for="code">Código de 6 dígitos que muestra la aplicación</label>
<input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required maxlength="6" pattern="[0-9]{6}">
<button type="submit" class="primary">Activar</button>
</form>
${required ? logoutForm(operator, 'Cerrar sesión') : ''}
</section>`,
    }),
    status,
  );
}

function enrolledPage(reply: FastifyReply, operator: OperatorSession) {
  return sendPage(
    reply,
    adminPage({
      title: 'Segundo factor',
      operator,
      section: ENROLMENT_PATH,
      body: html`<section class="card" aria-labelledby="enrolled-title">
<h1 id="enrolled-title">Segundo factor</h1>
<p>Tu segundo factor está <strong>activo</strong>: cada inicio de sesión pide el código de tu aplicación.</p>
<p class="note">Si pierdes el teléfono, entra con un código de recuperación. Si ya no te quedan, un administrador puede reiniciar tu segundo factor (o, en el servidor, <code>npm run puente -- operator reset-mfa ${operator.email}</code>) y lo activas de nuevo.</p>
</section>`,
    }),
  );
}

function recoveryCodesPage(reply: FastifyReply, operator: OperatorSession, codes: string[]) {
  return sendPage(
    reply,
    adminPage({
      title: 'Códigos de recuperación',
      operator,
      section: ENROLMENT_PATH,
      body: html`<section class="card secret" aria-labelledby="recovery-title">
<h1 id="recovery-title">Segundo factor activado</h1>
<p>Guarda estos ${String(RECOVERY_CODE_COUNT)} códigos de recuperación en un lugar seguro: cada uno sirve <strong>una sola vez</strong> en lugar del código de la aplicación, y <strong>no se volverán a mostrar</strong>.</p>
<ul id="recovery-codes">${codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>
<p><a class="button inline primary" href="/admin">Continuar al panel</a></p>
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
    return codePage(reply, operator, 200, null);
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
            reply,
            operator,
            429,
            `Demasiados intentos fallidos. Espera ${LOGIN_WINDOW_MINUTES} minutos.`,
          )
        : codePage(reply, operator, 401, 'Código incorrecto o ya usado.');
    }
    request.log.info({ operator: operator.email, via: result.via }, 'operator passed the second factor');
    return reply.redirect('/admin', 303);
  });

  admin.get('/security', async (request, reply) => {
    const operator = operatorOf(request);
    if (operator.secondFactor !== 'none') return enrolledPage(reply, operator);
    return enrolmentPage(services, reply, operator, 200, null);
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
        : enrolmentPage(
            services,
            reply,
            operator,
            400,
            'Ese código no corresponde. Revisa que la hora del teléfono esté bien y usa el código que se muestra ahora.',
          );
    }
    return recoveryCodesPage(reply, operator, result.recoveryCodes);
  });
}
