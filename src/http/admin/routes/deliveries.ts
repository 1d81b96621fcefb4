import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { PuenteError } from '../../../domain/errors.ts';
import { resendDelivery } from '../../../use-cases/resend-webhook-delivery.ts';
import { html } from '../../html.ts';
import { operatorMay } from '../access.ts';
import { auditAction } from '../audit.ts';
import { deliveryStatusBadge, paymentStatusLabel, reasonBadge } from '../labels.ts';
import { adminPage, csrfField, formOf, operatorOf, queryOf, scrollingTable, sendPage } from '../layout.ts';
import { type AdminMessageKey, textOf } from '../messages.ts';

const FILTERS = {
  all: 'filter_all',
  failed: 'filter_failed',
  retrying: 'filter_retrying',
} as const satisfies Record<string, AdminMessageKey>;

/** `GET /admin/deliveries`: webhooks that failed or are still retrying, each attempt's answer, resend. */
export function deliveriesRoute(admin: FastifyInstance, services: Services): void {
  admin.get('/deliveries', async (request, reply) => {
    const text = textOf(request);
    const { t, language } = text;
    const operator = operatorOf(request);
    const canResend = operatorMay(operator, 'webhooks.resend');
    const query = queryOf(request);
    const status = query.status === 'failed' || query.status === 'retrying' ? query.status : 'all';
    const deliveries = await services.backOffice.problemDeliveries({ status, limit: 200 });
    const flash = query.resent
      ? html`<p class="card flash" role="status">${t('resent', { count: query.resent })}</p>`
      : '';
    return sendPage(
      reply,
      adminPage({
        text,
        title: t('nav_deliveries'),
        operator,
        section: '/admin/deliveries',
        body: html`${flash}<section class="card">
<h1>${t('deliveries_title')}</h1>
<nav class="actions" aria-label="${t('filter')}">${Object.entries(FILTERS).map(
          ([value, label]) =>
            html`<a class="button inline" href="/admin/deliveries?status=${value}"${value === status ? html` aria-current="page"` : ''}>${t(label)}</a>`,
        )}</nav>
${deliveries.length === 0 ? html`<p class="note">${t('no_problem_deliveries')}</p>` : ''}
${
  deliveries.length > 0
    ? html`<form method="post" action="/admin/deliveries/resend">
${csrfField(operator)}
${scrollingTable(
  text,
  html`<table>
<thead><tr><th><span class="note">${t('choose')}</span></th><th>${t('created')}</th><th>${t('merchant_and_order')}</th><th>${t('event')}</th><th>${t('status')}</th><th class="number">${t('attempts')}</th><th>${t('last_answer')}</th><th>URL</th><th></th></tr></thead>
<tbody>${deliveries.map(
    (delivery) => html`<tr>
<td>${canResend ? html`<input type="checkbox" name="delivery" value="${String(delivery.id)}" aria-label="${t('choose_delivery', { id: delivery.id })}">` : ''}</td>
<td class="nowrap">${text.time(delivery.createdAt)}</td>
<td><a href="/admin/payments/${delivery.sessionToken}#delivery-${String(delivery.id)}">${delivery.merchantCode} · ${delivery.merchantOrderId}</a></td>
<td>${paymentStatusLabel(delivery.eventStatus, language)}</td>
<td>${deliveryStatusBadge(delivery.status, language)}${delivery.failureReason ? html` ${reasonBadge(delivery.failureReason, language)}` : ''}</td>
<td class="number">${delivery.attemptCount}</td>
<td>${delivery.lastStatusCode ?? ''} ${delivery.lastError ?? ''}${
      delivery.attempts.at(-1)?.responseExcerpt
        ? html`<br><code>${delivery.attempts.at(-1)?.responseExcerpt ?? ''}</code>`
        : ''
    }</td>
<td><code>${delivery.url ?? ''}</code></td>
<td>${canResend ? html`<button type="submit" name="only" value="${String(delivery.id)}" class="inline">${t('resend')}</button>` : ''}</td>
</tr>`,
  )}</tbody></table>`,
)}
${canResend ? html`<div class="actions"><button type="submit" class="inline primary">${t('resend_chosen')}</button></div>` : ''}
</form>`
    : ''
}
</section>`,
      }),
    );
  });
}

/**
 * `POST /admin/deliveries/resend`: requeues the chosen deliveries (a row's own button sends `only`, the
 * bulk button the ticked `delivery` boxes) through the notifier's `resendDelivery`: same event, same JWT
 * bytes and `jti`, a fresh round of the retry schedule, due now.
 */
export function resendDeliveriesRoute(admin: FastifyInstance, services: Services): void {
  admin.post('/deliveries/resend', async (request, reply) => {
    const form = formOf(request);
    const only = form.get('only');
    const ids = (only ? [only] : form.getAll('delivery'))
      .filter((id) => /^\d{1,18}$/.test(id))
      .map(Number)
      .slice(0, 500);
    if (ids.length === 0) throw new PuenteError('validation_error', 'resend_none' satisfies AdminMessageKey);
    let resent = 0;
    for (const deliveryId of [...new Set(ids)]) {
      resent += (await resendDelivery(services, { deliveryId })).length;
    }
    await auditAction(services, request, 'delivery.resend', ids.join(','), { requeued: resent });
    const back = form.get('back');
    // Only our own pages: a payment page or the list.
    const target = back && /^\/admin\/payments\/[A-Za-z0-9]{64}$/.test(back) ? back : '/admin/deliveries';
    return reply.redirect(`${target}?resent=${resent}`, 303);
  });
}
