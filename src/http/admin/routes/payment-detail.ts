import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { PuenteError } from '../../../domain/errors.ts';
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
import { adminPage, csrfField, formOf, operatorOf, scrollingTable, sendPage } from '../layout.ts';
import { type AdminMessageKey, type AdminText, textOf } from '../messages.ts';

const SESSION_TOKEN = /^[A-Za-z0-9]{64}$/;

export function deliveryCard(text: AdminText, delivery: DeliveryView, resendForm: Html | string): Html {
  const { t, language } = text;
  return html`<article class="card" id="delivery-${delivery.id}">
<h3>${t('delivery_title', { status: paymentStatusLabel(delivery.eventStatus, language).toLowerCase() })} ${deliveryStatusBadge(delivery.status, language)}${delivery.failureReason ? html` ${reasonBadge(delivery.failureReason, language)}` : ''}</h3>
<dl class="details">
<dt>URL</dt><dd><code>${delivery.url ?? t('not_sent', { reason: delivery.skipReason ?? '' })}</code></dd>
<dt>jti</dt><dd><code>${delivery.jti}</code></dd>
<dt>${t('attempts')}</dt><dd>${delivery.attemptCount}</dd>
${delivery.nextAttemptAt && delivery.status === 'pending' ? html`<dt>${t('next_attempt')}</dt><dd>${text.time(delivery.nextAttemptAt)}</dd>` : ''}
${delivery.deliveredAt ? html`<dt>${t('delivered')}</dt><dd>${text.time(delivery.deliveredAt)}</dd>` : ''}
</dl>
${
  delivery.attempts.length > 0
    ? scrollingTable(
        text,
        html`<table><thead><tr><th>${t('attempt')}</th><th>${t('answer')}</th><th class="number">${t('latency')}</th><th>${t('details')}</th></tr></thead><tbody>${delivery.attempts.map(
          (attempt) =>
            html`<tr><td class="nowrap">${text.time(attempt.at)}</td><td>${attempt.statusCode ?? t('no_answer')}</td><td class="number">${attempt.latencyMs} ms</td><td>${attempt.error ?? ''}${attempt.responseExcerpt ? html`<br><code>${attempt.responseExcerpt}</code>` : ''}</td></tr>`,
        )}</tbody></table>`,
      )
    : ''
}
${resendForm}
</article>`;
}

/** `GET /admin/payments/{session token}`: one payment, its funnel timeline and its webhooks. */
export function paymentDetailRoute(admin: FastifyInstance, services: Services): void {
  admin.get<{ Params: { token: string } }>('/payments/:token', async (request, reply) => {
    const operator = operatorOf(request);
    const text = textOf(request);
    const { t, language } = text;
    const resent = (request.query as { resent?: unknown }).resent;
    const payment = SESSION_TOKEN.test(request.params.token)
      ? await services.backOffice.findPaymentBySessionToken(request.params.token)
      : null;
    if (!payment) throw new PuenteError('not_found', 'payment_not_found' satisfies AdminMessageKey);
    await auditAction(services, request, 'payment.view', payment.paymentToken ?? payment.sessionToken);
    const timeline = await services.backOffice.paymentTimeline(payment.id);
    const funnel =
      payment.paymentStatus === 'pending' ? (await services.funnels.loadById(payment.id))?.funnel : null;
    const reviewCard =
      funnel?.state === 'needs_review' && operatorMay(operator, 'payments.review')
        ? html`<section class="card secret" aria-labelledby="review-title">
<h2 id="review-title">${t('review_title')}</h2>
<p>${t('review_body', { since: funnel.transferSubmittedAt ? text.time(funnel.transferSubmittedAt) : '—' })}</p>
<form method="post" action="/admin/payments/${payment.sessionToken}/review" class="stack">${csrfField(operator)}
<div><label for="review-note">${t('review_note')}</label><input id="review-note" name="note" required maxlength="500"></div>
<div class="actions"><button type="submit" name="decision" value="paid" class="inline primary">${t('review_paid')}</button>
<button type="submit" name="decision" value="not_paid" class="inline danger">${t('review_not_paid')}</button></div>
</form>
</section>`
        : '';
    const deliveries = await services.backOffice.paymentDeliveries(payment.id);
    return sendPage(
      reply,
      adminPage({
        text,
        title: t('payment_title', { order: payment.merchantOrderId }),
        operator,
        section: '/admin/payments',
        body: html`${typeof resent === 'string' && /^\d+$/.test(resent) ? html`<p class="card flash" role="status">${t('resent', { count: resent })}</p>` : ''}<section class="card">
<h1>${t('payment_heading', { merchant: payment.merchantName, order: payment.merchantOrderId })}</h1>
<p class="amount">${text.pesos(payment.orderAmount)} ${paymentStatusBadge(payment.paymentStatus, language)}</p>
<dl class="details">
<dt>${t('merchant')}</dt><dd><a href="/admin/merchants/${payment.merchantCode}">${payment.merchantName}</a> <code>${payment.merchantCode}</code></dd>
<dt>${t('step')}</dt><dd>${paymentStepLabel(payment.paymentStep, language)}</dd>
<dt>${t('bank')}</dt><dd>${bankLabel(payment.userBankCode)}</dd>
<dt>${t('rut')}</dt><dd class="nowrap">${payment.userRut ? rutLabel(payment.userRut) : '—'}</dd>
<dt>${t('email')}</dt><dd>${payment.customerEmail ?? '—'}</dd>
<dt>${t('session_token')}</dt><dd><code>${payment.sessionToken}</code></dd>
<dt>${t('payment_token')}</dt><dd><code>${payment.paymentToken ?? '—'}</code></dd>
<dt>${t('created')}</dt><dd>${text.time(payment.createdAt)}</dd>
<dt>${t('updated')}</dt><dd>${text.time(payment.updatedAt)}</dd>
<dt>${t('expires')}</dt><dd>${text.time(payment.expiresAt)}</dd>
</dl>
</section>
${reviewCard}
<section class="card" aria-labelledby="timeline-title">
<h2 id="timeline-title">${t('timeline')}</h2>
<ol class="timeline">
<li><time>${text.time(payment.createdAt)}</time><span>${t('timeline_created')}</span></li>
${timeline.map(
  (entry) =>
    html`<li class="${entry.kind}"><time>${text.time(entry.at)}</time><span>${
      entry.kind === 'bank_call'
        ? html`${text.rich('timeline_bank_call', {
            bank: html`<strong>${bankLabel(entry.bankCode)}</strong>`,
            call: html`<code>${entry.name}</code>`,
            outcome: html`<span class="badge ${entry.outcome ?? ''}">${outcomeLabel(entry.outcome ?? '?', language)}</span>`,
          })}${entry.durationMs !== null ? ` ${t('timeline_duration', { ms: entry.durationMs })}` : ''}`
        : html`${funnelEventLabel(entry.name, language)}${entry.fromState ? html` <span class="note">(${funnelStateLabel(entry.fromState, language)} → ${funnelStateLabel(entry.toState ?? '', language)})</span>` : ''}${entry.outcome ? html` · ${outcomeLabel(entry.outcome, language)}` : ''}`
    }</span></li>`,
)}
</ol>
</section>
<section aria-labelledby="webhooks-title">
<h2 id="webhooks-title">${t('notifications')}</h2>
${deliveries.length === 0 ? html`<p class="note card">${t('no_webhooks')}</p>` : ''}
${deliveries.map((delivery) =>
  deliveryCard(
    text,
    delivery,
    delivery.status !== 'skipped' &&
      delivery.status !== 'delivering' &&
      operatorMay(operator, 'webhooks.resend')
      ? html`<form method="post" action="/admin/deliveries/resend">${csrfField(operator)}<input type="hidden" name="only" value="${String(delivery.id)}"><input type="hidden" name="back" value="/admin/payments/${payment.sessionToken}"><button type="submit" class="inline">${t('resend')}</button></form>`
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
    if (!payment) throw new PuenteError('not_found', 'payment_not_found' satisfies AdminMessageKey);
    const form = formOf(request);
    const decision = form.get('decision');
    const note = (form.get('note') ?? '').trim().slice(0, 500);
    if ((decision !== 'paid' && decision !== 'not_paid') || note === '') {
      throw new PuenteError('validation_error', 'review_incomplete' satisfies AdminMessageKey);
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
