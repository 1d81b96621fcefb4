import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { html } from '../../html.ts';
import { bankLabel, paymentStatusBadge } from '../labels.ts';
import { adminPage, operatorOf, sendPage } from '../layout.ts';
import { type AdminText, textOf } from '../messages.ts';
import { replicaNote } from '../replica-note.ts';
import { santiagoDate, startOfSantiagoDay } from '../time.ts';

const percent = (text: AdminText, part: number, whole: number) =>
  whole === 0 ? '—' : `${text.number((100 * part) / whole, 1)} %`;
const duration = (text: AdminText, seconds: number | null) =>
  seconds === null ? '—' : seconds < 90 ? `${text.number(seconds)} s` : `${text.number(seconds / 60, 1)} min`;

/** `GET /admin`: today's figures (the day as it is in Santiago). */
export function dashboardRoute(admin: FastifyInstance, services: Services): void {
  admin.get('/', async (request, reply) => {
    const text = textOf(request);
    const { t } = text;
    const since = startOfSantiagoDay(santiagoDate()) ?? new Date();
    const [figures, webhooks, lag] = await Promise.all([
      services.backOffice.dashboardFigures(since),
      services.backOffice.webhookHealth(since),
      services.backOffice.replicaLagSeconds(),
    ]);
    return sendPage(
      reply,
      adminPage({
        text,
        title: t('nav_dashboard'),
        operator: operatorOf(request),
        section: '/admin',
        body: html`<h1>${t('today', { day: text.day(new Date()) })}</h1>${replicaNote(text, lag)}
<div class="grid">
<section class="card"><h2>${t('payment_sessions')}</h2><p class="stat" id="today-sessions">${figures.sessions}</p><p class="note">${t('in_total', { amount: text.pesos(figures.amount) })}</p></section>
<section class="card"><h2>${t('successful_payments')}</h2><p class="stat" id="today-successes">${figures.successes}</p><p class="note">${t('transferred', { amount: text.pesos(figures.successAmount) })}</p></section>
<section class="card"><h2>${t('funnel_time')}</h2><p class="stat">${duration(text, figures.funnelSeconds.p50)}</p><p class="note">${t('funnel_time_note', { p90: duration(text, figures.funnelSeconds.p90), count: figures.funnelSeconds.count })}</p></section>
<section class="card"><h2>${t('nav_deliveries')}</h2><p class="stat">${percent(text, webhooks.delivered, webhooks.events)}</p><p class="note">${text.rich(
          'webhooks_note',
          {
            delivered: webhooks.delivered,
            events: webhooks.events,
            pending: webhooks.pending,
            failed: html`<a href="/admin/deliveries">${t('webhooks_failed', { count: webhooks.failed })}</a>`,
          },
        )}</p></section>
</div>
<div class="grid">
<section class="card"><h2>${t('by_status')}</h2><table><tbody>${figures.byStatus.map(
          (row) =>
            html`<tr><td>${paymentStatusBadge(row.status, text.language)}</td><td class="number">${row.count}</td></tr>`,
        )}</tbody></table>${figures.byStatus.length === 0 ? html`<p class="note">${t('no_payments_today')}</p>` : ''}</section>
<section class="card"><h2>${t('by_bank')}</h2><table>
<thead><tr><th>${t('bank')}</th><th class="number">${t('attempts')}</th><th class="number">${t('successes')}</th><th class="number">${t('rate')}</th></tr></thead>
<tbody>${figures.byBank.map(
          (row) =>
            html`<tr><td>${bankLabel(row.bank)}</td><td class="number">${row.attempts}</td><td class="number">${row.successes}</td><td class="number">${percent(text, row.successes, row.finished)}</td></tr>`,
        )}</tbody></table>
<p class="note">${figures.byBank.length === 0 ? `${t('no_bank_today')} ` : ''}${t('rate_note')}</p></section>
</div>`,
      }),
    );
  });
}
