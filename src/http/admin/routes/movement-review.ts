import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { PuenteError } from '../../../domain/errors.ts';
import type { ReviewReason } from '../../../domain/movement-matching.ts';
import { settleMovementReview } from '../../../use-cases/direct-transfer/settle-movement-review.ts';
import { directTransferDeps } from '../../funnel/funnel-request.ts';
import { html } from '../../html.ts';
import { operatorMay } from '../access.ts';
import { auditAction } from '../audit.ts';
import { rutLabel } from '../labels.ts';
import { adminPage, csrfField, formOf, operatorOf, sendPage } from '../layout.ts';
import { type AdminMessageKey, textOf } from '../messages.ts';

const REVIEW_REASON: Record<ReviewReason, AdminMessageKey> = {
  underpaid: 'mr_underpaid',
  overpaid: 'mr_overpaid',
  late: 'mr_late',
  duplicate: 'mr_duplicate',
  ambiguous: 'mr_ambiguous',
  possibly_initiated: 'mr_possibly_initiated',
};

const SESSION_TOKEN = /^[A-Za-z0-9]{64}$/;

/**
 * The review queue of direct transfers: movements of merchants' statements that could not be matched
 * automatically (under/over-payments, late, duplicate, ambiguous, possibly a payment Puente initiated whose
 * comment the bank dropped). An operator matches one to a waiting
 * payment (by its session token), records that it was refunded by hand, or dismisses it; each with a note,
 * written to the audit log. Role `operator` and above (the `payments.review` permission, src/http/admin/access.ts).
 */
export function movementReviewRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/movements/review', async (request, reply) => {
    const operator = operatorOf(request);
    const text = textOf(request);
    const { t } = text;
    const queue = await services.directTransfers.reviewQueue(200);
    // The operator knows merchants by name: each one in the queue is read once (the merchant store caches).
    const merchants = new Map(
      await Promise.all(
        [...new Set(queue.map((item) => item.merchantId))].map(
          async (id) => [id, await services.merchants.findById(id)] as const,
        ),
      ),
    );
    const merchantOf = (id: number) => {
      const merchant = merchants.get(id);
      return merchant
        ? html`<a href="/admin/merchants/${merchant.code}">${merchant.name}</a> (<code>${merchant.code}</code>)`
        : String(id);
    };
    const reason = (code: string | null) => {
      const key = REVIEW_REASON[code as ReviewReason];
      return key ? t(key) : (code ?? '');
    };
    const body = html`<section class="card"><h1>${t('mr_title')}</h1>
<p>${t('mr_intro')}</p>
${
  queue.length === 0
    ? html`<p>${t('mr_empty')}</p>`
    : queue.map(
        (item) => html`<article class="card" id="movement-${item.rowId}">
<h2>${text.pesos(item.amount)} · ${reason(item.reviewReason)}</h2>
<dl class="details">
<dt>${t('mr_merchant')}</dt><dd>${merchantOf(item.merchantId)}</dd>
<dt>${t('mr_movement')}</dt><dd><code>${item.id}</code> (${item.date})</dd>
<dt>${t('mr_comment')}</dt><dd>${item.description}</dd>
<dt>${t('mr_payer_rut')}</dt><dd>${item.payerRut ? rutLabel(item.payerRut) : '—'}</dd>
<dt>${t('mr_received')}</dt><dd>${text.time(item.receivedAt)}</dd>
</dl>
${
  operatorMay(operator, 'payments.review')
    ? html`<form method="post" action="/admin/movements/${item.rowId}/review" class="stack">${csrfField(operator)}
<div><label for="session-${item.rowId}">${t('mr_session_token')}</label><input id="session-${item.rowId}" name="session_token" maxlength="64"></div>
<div><label for="note-${item.rowId}">${t('mr_note')}</label><input id="note-${item.rowId}" name="note" required maxlength="500"></div>
<div class="actions"><button type="submit" name="action" value="match" class="primary">${t('mr_match')}</button>
<button type="submit" name="action" value="refunded">${t('mr_refunded')}</button>
<button type="submit" name="action" value="dismissed">${t('mr_dismiss')}</button></div>
</form>`
    : ''
}</article>`,
      )
}
</section>`;
    return sendPage(
      reply,
      adminPage({ text, title: t('mr_title'), operator, body, section: '/admin/movements/review' }),
    );
  });

  admin.post<{ Params: { id: string } }>('/movements/:id/review', async (request, reply) => {
    const rowId = Number(request.params.id);
    if (!Number.isSafeInteger(rowId) || rowId < 1)
      throw new PuenteError('not_found', 'mr_not_found' satisfies AdminMessageKey);
    const form = formOf(request);
    const action = form.get('action');
    const note = (form.get('note') ?? '').trim().slice(0, 500);
    const sessionToken = (form.get('session_token') ?? '').trim();
    if ((action !== 'match' && action !== 'refunded' && action !== 'dismissed') || note === '') {
      throw new PuenteError('validation_error', 'mr_action_and_note' satisfies AdminMessageKey);
    }
    let sessionId: number | null = null;
    if (action === 'match') {
      const view = SESSION_TOKEN.test(sessionToken) ? await services.funnels.load(sessionToken) : null;
      if (!view) throw new PuenteError('validation_error', 'mr_session_needed' satisfies AdminMessageKey);
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
      throw new PuenteError('validation_error', 'mr_payment_not_open' satisfies AdminMessageKey);
    }
    return reply.status(303).header('location', '/admin/movements/review').send();
  });
}
