import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { html } from '../../html.ts';
import { auditActionLabel } from '../labels.ts';
import { adminPage, operatorOf, scrollingTable, sendPage } from '../layout.ts';
import { textOf } from '../messages.ts';

/** `GET /admin/audit`: the latest operator actions. */
export function auditLogRoute(admin: FastifyInstance, services: Services): void {
  admin.get('/audit', async (request, reply) => {
    const text = textOf(request);
    const { t } = text;
    const entries = await services.operators.recentAudit(200);
    return sendPage(
      reply,
      adminPage({
        text,
        title: t('nav_audit'),
        operator: operatorOf(request),
        section: '/admin/audit',
        body: html`<section class="card"><h1>${t('nav_audit')}</h1><p class="note">${t('audit_note')}</p>
${scrollingTable(
  text,
  html`<table>
<thead><tr><th>${t('when')}</th><th>${t('operator')}</th><th>${t('action')}</th><th>${t('target')}</th><th>${t('origin')}</th><th>${t('details')}</th></tr></thead>
<tbody>${entries.map(
    (entry) =>
      html`<tr><td class="nowrap">${text.time(entry.createdAt)}</td><td>${entry.operatorEmail ?? '—'}</td><td>${auditActionLabel(entry.action, text.language)}</td><td><code>${entry.target ?? ''}</code></td><td>${entry.ip ?? ''}</td><td><code>${Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : ''}</code></td></tr>`,
  )}</tbody></table>`,
)}</section>`,
      }),
    );
  });
}
