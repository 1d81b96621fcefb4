import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { PuenteError } from '../../../domain/errors.ts';
import { formatPesos } from '../../../domain/money.ts';
import { settleMovementReview } from '../../../use-cases/direct-transfer/settle-movement-review.ts';
import { directTransferDeps } from '../../funnel/funnel-request.ts';
import { html } from '../../html.ts';
import { operatorMay } from '../access.ts';
import { auditAction } from '../audit.ts';
import { rutLabel } from '../labels.ts';
import { adminPage, csrfField, formOf, operatorOf, sendPage } from '../layout.ts';
import { formatTime } from '../time.ts';

const REVIEW_REASON: Record<string, string> = {
  underpaid: 'Monto menor al del pago',
  overpaid: 'Monto mayor al del pago',
  late: 'Llegó después de cerrado el pago',
  duplicate: 'El pago ya estaba pagado',
  ambiguous: 'Calza con más de un pago',
};

const SESSION_TOKEN = /^[A-Za-z0-9]{64}$/;

/**
 * The review queue of direct transfers: movements of merchants' statements that could not be matched
 * automatically (under/over-payments, late, duplicate, ambiguous). An operator matches one to a waiting
 * payment (by its session token), records that it was refunded by hand, or dismisses it; each with a note,
 * written to the audit log. Role `operator` and above (the `payments.review` permission, src/http/admin/access.ts).
 */
export function movementReviewRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/movements/review', async (request, reply) => {
    const operator = operatorOf(request);
    const queue = await services.directTransfers.reviewQueue(200);
    const body = html`<section class="card"><h1>Movimientos por revisar</h1>
<p>Transferencias directas que no se pudieron conciliar solas. Calza una con un pago en espera (token de sesión), marca que se devolvió a mano o descártala.</p>
${
  queue.length === 0
    ? html`<p>No hay movimientos por revisar.</p>`
    : queue.map(
        (item) => html`<article class="card" id="movement-${item.rowId}">
<h2>${formatPesos(item.amount)} · ${REVIEW_REASON[item.reviewReason ?? ''] ?? item.reviewReason ?? ''}</h2>
<dl class="details">
<dt>Comercio</dt><dd>${item.merchantId}</dd>
<dt>Movimiento</dt><dd><code>${item.id}</code> (${item.date})</dd>
<dt>Comentario</dt><dd>${item.description}</dd>
<dt>RUT de quien paga</dt><dd>${item.payerRut ? rutLabel(item.payerRut) : '—'}</dd>
<dt>Recibido</dt><dd>${formatTime(item.receivedAt)}</dd>
</dl>
${
  operatorMay(operator, 'payments.review')
    ? html`<form method="post" action="/admin/movements/${item.rowId}/review" class="stack">${csrfField(operator)}
<div><label for="session-${item.rowId}">Token de sesión del pago (solo para conciliar)</label><input id="session-${item.rowId}" name="session_token" maxlength="64"></div>
<div><label for="note-${item.rowId}">Nota (obligatoria)</label><input id="note-${item.rowId}" name="note" required maxlength="500"></div>
<div class="actions"><button type="submit" name="action" value="match" class="primary">Conciliar con el pago</button>
<button type="submit" name="action" value="refunded">Devuelto a mano</button>
<button type="submit" name="action" value="dismissed">Descartar</button></div>
</form>`
    : ''
}</article>`,
      )
}
</section>`;
    return sendPage(
      reply,
      adminPage({ title: 'Movimientos por revisar', operator, body, section: '/admin/payments' }),
    );
  });

  admin.post<{ Params: { id: string } }>('/movements/:id/review', async (request, reply) => {
    const rowId = Number(request.params.id);
    if (!Number.isSafeInteger(rowId) || rowId < 1)
      throw new PuenteError('not_found', 'Ningún movimiento tiene ese número.');
    const form = formOf(request);
    const action = form.get('action');
    const note = (form.get('note') ?? '').trim().slice(0, 500);
    const sessionToken = (form.get('session_token') ?? '').trim();
    if ((action !== 'match' && action !== 'refunded' && action !== 'dismissed') || note === '') {
      throw new PuenteError('validation_error', 'Elige una acción y escribe una nota.');
    }
    let sessionId: number | null = null;
    if (action === 'match') {
      const view = SESSION_TOKEN.test(sessionToken) ? await services.funnels.load(sessionToken) : null;
      if (!view)
        throw new PuenteError('validation_error', 'Escribe el token de sesión de un pago en espera.');
      sessionId = view.session.id;
    }
    const outcome = await settleMovementReview(
      directTransferDeps(services),
      rowId,
      action === 'match' ? { action, sessionId: sessionId as number } : { action },
    );
    await auditAction(services, request, `movement.review_${action}`, String(rowId), {
      note,
      outcome,
      ...(action === 'match' ? { session_token: sessionToken } : {}),
    });
    if (outcome === 'payment_not_open') {
      throw new PuenteError(
        'validation_error',
        'Ese pago no es una transferencia directa en espera de este comercio.',
      );
    }
    return reply.status(303).header('location', '/admin/movements/review').send();
  });
}
