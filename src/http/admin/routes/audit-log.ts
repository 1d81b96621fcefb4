import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { html } from '../../html.ts';
import { adminPage, operatorOf, sendPage } from '../layout.ts';
import { formatTime } from '../time.ts';

/** `GET /admin/audit`: the latest operator actions. */
export function auditLogRoute(admin: FastifyInstance, services: Services): void {
  admin.get('/audit', async (request, reply) => {
    const entries = await services.operators.recentAudit(200);
    return sendPage(
      reply,
      adminPage({
        title: 'Auditoría',
        operator: operatorOf(request),
        section: '/admin/audit',
        body: html`<section class="card"><h1>Auditoría</h1><p class="note">Las últimas 200 acciones de operadores.</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Tabla (se desplaza a lo ancho)"><table>
<thead><tr><th>Cuándo</th><th>Operador</th><th>Acción</th><th>Objeto</th><th>Origen</th><th>Detalle</th></tr></thead>
<tbody>${entries.map(
          (entry) =>
            html`<tr><td>${formatTime(entry.createdAt)}</td><td>${entry.operatorEmail ?? '—'}</td><td><code>${entry.action}</code></td><td><code>${entry.target ?? ''}</code></td><td>${entry.ip ?? ''}</td><td><code>${Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : ''}</code></td></tr>`,
        )}</tbody></table></div></section>`,
      }),
    );
  });
}
