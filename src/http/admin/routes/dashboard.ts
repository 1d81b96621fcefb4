import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { formatPesos } from '../../../domain/money.ts';
import { html } from '../../html.ts';
import { bankLabel, paymentStatusBadge } from '../labels.ts';
import { adminPage, operatorOf, sendPage } from '../layout.ts';
import { replicaNote } from '../replica-note.ts';
import { santiagoDate, startOfSantiagoDay } from '../time.ts';

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`;
const duration = (seconds: number | null) =>
  seconds === null ? '—' : seconds < 90 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(1)} min`;

/** `GET /admin`: today's figures (the day as it is in Santiago). */
export function dashboardRoute(admin: FastifyInstance, services: Services): void {
  admin.get('/', async (request, reply) => {
    const today = santiagoDate();
    const since = startOfSantiagoDay(today) ?? new Date();
    const [figures, webhooks, lag] = await Promise.all([
      services.backOffice.dashboardFigures(since),
      services.backOffice.webhookHealth(since),
      services.backOffice.replicaLagSeconds(),
    ]);
    return sendPage(
      reply,
      adminPage({
        title: 'Panel',
        operator: operatorOf(request),
        section: '/admin',
        body: html`<h1>Hoy, ${today}</h1>${replicaNote(lag)}
<div class="grid">
<section class="card"><h2>Sesiones de pago</h2><p class="stat" id="today-sessions">${figures.sessions}</p><p class="note">${formatPesos(figures.amount)} en total</p></section>
<section class="card"><h2>Pagos exitosos</h2><p class="stat" id="today-successes">${figures.successes}</p><p class="note">${formatPesos(figures.successAmount)} transferidos</p></section>
<section class="card"><h2>Tiempo en el flujo</h2><p class="stat">${duration(figures.funnelSeconds.p50)}</p><p class="note">mediana; p90 ${duration(figures.funnelSeconds.p90)} (${figures.funnelSeconds.count} pagos terminados)</p></section>
<section class="card"><h2>Webhooks</h2><p class="stat">${percent(webhooks.delivered, webhooks.events)}</p><p class="note">entregados hoy (${webhooks.delivered} de ${webhooks.events}); ${webhooks.pending} pendientes, <a href="/admin/deliveries">${webhooks.failed} fallidos</a></p></section>
</div>
<div class="grid">
<section class="card"><h2>Por estado</h2><table><tbody>${figures.byStatus.map(
          (row) =>
            html`<tr><td>${paymentStatusBadge(row.status)}</td><td class="number">${row.count}</td></tr>`,
        )}</tbody></table>${figures.byStatus.length === 0 ? html`<p class="note">Aún no hay pagos hoy.</p>` : ''}</section>
<section class="card"><h2>Éxito por banco</h2><table>
<thead><tr><th>Banco</th><th class="number">Intentos</th><th class="number">Exitosos</th><th class="number">Tasa</th></tr></thead>
<tbody>${figures.byBank.map(
          (row) =>
            html`<tr><td>${bankLabel(row.bank)}</td><td class="number">${row.attempts}</td><td class="number">${row.successes}</td><td class="number">${percent(row.successes, row.finished)}</td></tr>`,
        )}</tbody></table>
<p class="note">${figures.byBank.length === 0 ? 'Hoy nadie ha elegido banco todavía. ' : ''}Tasa = exitosos / intentos terminados.</p></section>
</div>`,
      }),
    );
  });
}
