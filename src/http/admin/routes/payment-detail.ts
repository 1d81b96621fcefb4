import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { PuenteError } from '../../../domain/errors.ts';
import { formatPesos } from '../../../domain/money.ts';
import type { DeliveryView } from '../../../ports/back-office-reads.ts';
import { settleReview } from '../../../use-cases/funnel/settle-review.ts';
import { funnelDeps } from '../../funnel/funnel-request.ts';
import { type Html, html } from '../../html.ts';
import { operatorMay } from '../access.ts';
import { auditAction } from '../audit.ts';
import {
  bankLabel,
  deliveryStatusBadge,
  funnelEventLabel,
  funnelStateLabel,
  outcomeLabel,
  paymentStatusBadge,
  paymentStatusLabel,
  paymentStepLabel,
  reasonBadge,
  rutLabel,
} from '../labels.ts';
import { adminPage, csrfField, formOf, operatorOf, sendPage } from '../layout.ts';
import { formatTime } from '../time.ts';

const SESSION_TOKEN = /^[A-Za-z0-9]{64}$/;

export function deliveryCard(delivery: DeliveryView, resendForm: Html | string): Html {
  return html`<article class="card" id="delivery-${delivery.id}">
<h3>Aviso de pago «${paymentStatusLabel(delivery.eventStatus).toLowerCase()}» ${deliveryStatusBadge(delivery.status)}${delivery.failureReason ? html` ${reasonBadge(delivery.failureReason)}` : ''}</h3>
<dl class="details">
<dt>URL</dt><dd><code>${delivery.url ?? `(no enviado: ${delivery.skipReason ?? ''})`}</code></dd>
<dt>jti</dt><dd><code>${delivery.jti}</code></dd>
<dt>Intentos</dt><dd>${delivery.attemptCount}</dd>
${delivery.nextAttemptAt && delivery.status === 'pending' ? html`<dt>Próximo intento</dt><dd>${formatTime(delivery.nextAttemptAt)}</dd>` : ''}
${delivery.deliveredAt ? html`<dt>Entregado</dt><dd>${formatTime(delivery.deliveredAt)}</dd>` : ''}
</dl>
${
  delivery.attempts.length > 0
    ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Tabla (se desplaza a lo ancho)"><table><thead><tr><th>Intento</th><th>Respuesta</th><th class="number">Latencia</th><th>Detalle</th></tr></thead><tbody>${delivery.attempts.map(
        (attempt) =>
          html`<tr><td>${formatTime(attempt.at)}</td><td>${attempt.statusCode ?? 'sin respuesta'}</td><td class="number">${attempt.latencyMs} ms</td><td>${attempt.error ?? ''}${attempt.responseExcerpt ? html`<br><code>${attempt.responseExcerpt}</code>` : ''}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
${resendForm}
</article>`;
}

/** `GET /admin/payments/{session token}`: one payment, its funnel timeline and its webhooks. */
export function paymentDetailRoute(admin: FastifyInstance, services: Services): void {
  admin.get<{ Params: { token: string } }>('/payments/:token', async (request, reply) => {
    const operator = operatorOf(request);
    const resent = (request.query as { resent?: unknown }).resent;
    const payment = SESSION_TOKEN.test(request.params.token)
      ? await services.backOffice.findPaymentBySessionToken(request.params.token)
      : null;
    if (!payment) throw new PuenteError('not_found', 'Ningún pago tiene ese token de sesión.');
    await auditAction(services, request, 'payment.view', payment.paymentToken ?? payment.sessionToken);
    const timeline = await services.backOffice.paymentTimeline(payment.id);
    const funnel =
      payment.paymentStatus === 'pending' ? (await services.funnels.loadById(payment.id))?.funnel : null;
    const reviewCard =
      funnel?.state === 'needs_review' && operatorMay(operator, 'payments.review')
        ? html`<section class="card secret" aria-labelledby="review-title">
<h2 id="review-title">Transferencia por revisar</h2>
<p>El banco no reconoce esta transferencia desde ${funnel.transferSubmittedAt ? formatTime(funnel.transferSubmittedAt) : '—'}. Puede registrarla tarde: Puente le sigue preguntando cada minuto y la cierra solo si el banco responde. Si ya lo verificaste con el banco (referencia, cartola), ciérrala aquí; queda en la auditoría con tu nota.</p>
<form method="post" action="/admin/payments/${payment.sessionToken}/review" class="stack">${csrfField(operator)}
<div><label for="review-note">Qué dijo el banco (obligatorio)</label><input id="review-note" name="note" required maxlength="500"></div>
<div class="actions"><button type="submit" name="decision" value="paid" class="inline primary">El dinero llegó: pago exitoso</button>
<button type="submit" name="decision" value="not_paid" class="inline danger">No hubo cargo: pago fallido</button></div>
</form>
</section>`
        : '';
    const deliveries = await services.backOffice.paymentDeliveries(payment.id);
    return sendPage(
      reply,
      adminPage({
        title: `Pago ${payment.merchantOrderId}`,
        operator,
        section: '/admin/payments',
        body: html`${typeof resent === 'string' && /^\d+$/.test(resent) ? html`<p class="card flash" role="status">${resent} webhook(s) reenviado(s).</p>` : ''}<section class="card">
<h1>${payment.merchantName} · orden ${payment.merchantOrderId}</h1>
<p class="amount">${formatPesos(payment.orderAmount)} ${paymentStatusBadge(payment.paymentStatus)}</p>
<dl class="details">
<dt>Comercio</dt><dd><a href="/admin/merchants/${payment.merchantCode}">${payment.merchantName}</a> <code>${payment.merchantCode}</code></dd>
<dt>Paso</dt><dd>${paymentStepLabel(payment.paymentStep)}</dd>
<dt>Banco</dt><dd>${bankLabel(payment.userBankCode)}</dd>
<dt>RUT</dt><dd class="nowrap">${payment.userRut ? rutLabel(payment.userRut) : '—'}</dd>
<dt>Correo</dt><dd>${payment.customerEmail ?? '—'}</dd>
<dt>Token de sesión</dt><dd><code>${payment.sessionToken}</code></dd>
<dt>Token de pago</dt><dd><code>${payment.paymentToken ?? '—'}</code></dd>
<dt>Creado</dt><dd>${formatTime(payment.createdAt)}</dd>
<dt>Actualizado</dt><dd>${formatTime(payment.updatedAt)}</dd>
<dt>Vence</dt><dd>${formatTime(payment.expiresAt)}</dd>
</dl>
</section>
${reviewCard}
<section class="card" aria-labelledby="timeline-title">
<h2 id="timeline-title">Línea de tiempo</h2>
<ol class="timeline">
<li><time>${formatTime(payment.createdAt)}</time><span>Sesión creada por el comercio</span></li>
${timeline.map(
  (entry) =>
    html`<li class="${entry.kind}"><time>${formatTime(entry.at)}</time><span>${
      entry.kind === 'bank_call'
        ? html`Llamada a <strong>${bankLabel(entry.bankCode)}</strong> <code>${entry.name}</code> → <span class="badge ${entry.outcome ?? ''}">${outcomeLabel(entry.outcome ?? '?')}</span>${entry.durationMs !== null ? html` en ${entry.durationMs} ms` : ''}`
        : html`${funnelEventLabel(entry.name)}${entry.fromState ? html` <span class="note">(${funnelStateLabel(entry.fromState)} → ${funnelStateLabel(entry.toState ?? '')})</span>` : ''}${entry.outcome ? html` · ${outcomeLabel(entry.outcome)}` : ''}`
    }</span></li>`,
)}
</ol>
</section>
<section aria-labelledby="webhooks-title">
<h2 id="webhooks-title">Notificaciones</h2>
${deliveries.length === 0 ? html`<p class="note card">Sin webhooks para este pago.</p>` : ''}
${deliveries.map((delivery) =>
  deliveryCard(
    delivery,
    delivery.status !== 'skipped' &&
      delivery.status !== 'delivering' &&
      operatorMay(operator, 'webhooks.resend')
      ? html`<form method="post" action="/admin/deliveries/resend">${csrfField(operator)}<input type="hidden" name="only" value="${String(delivery.id)}"><input type="hidden" name="back" value="/admin/payments/${payment.sessionToken}"><button type="submit" class="inline">Reenviar</button></form>`
      : '',
  ),
)}
</section>`,
      }),
    );
  });

  admin.post<{ Params: { token: string } }>('/payments/:token/review', async (request, reply) => {
    const payment = SESSION_TOKEN.test(request.params.token)
      ? await services.backOffice.findPaymentBySessionToken(request.params.token)
      : null;
    if (!payment) throw new PuenteError('not_found', 'Ningún pago tiene ese token de sesión.');
    const form = formOf(request);
    const decision = form.get('decision');
    const note = (form.get('note') ?? '').trim().slice(0, 500);
    if ((decision !== 'paid' && decision !== 'not_paid') || note === '') {
      throw new PuenteError('validation_error', 'Elige una decisión y escribe qué dijo el banco.');
    }
    const result = await settleReview(funnelDeps(services), payment.id, decision);
    await auditAction(
      services,
      request,
      `payment.review_${decision}`,
      payment.paymentToken ?? payment.sessionToken,
      {
        note,
        applied: result.applied,
      },
    );
    return reply.status(303).header('location', `/admin/payments/${payment.sessionToken}`).send();
  });
}
