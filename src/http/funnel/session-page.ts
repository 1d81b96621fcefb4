import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { banksFor } from '../../domain/banks.ts';
import { formatPesos } from '../../domain/money.ts';
import { isFinalStatus } from '../../domain/payment.ts';
import { html } from '../html.ts';
import { messagePage, page } from './layout.ts';
import { pickLanguage, translate } from './messages.ts';
import { setFunnelHeaders } from './security-headers.ts';

const SESSION_TOKEN = /^[A-Za-z0-9]{64}$/;

/** `GET /session/{token}`: the payment summary and the choice of bank (DESIGN §3, step 1). */
export function sessionPageRoute(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { token: string } }>('/session/:token', async (request, reply) => {
    const language = pickLanguage(request.query);
    const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
    const session = SESSION_TOKEN.test(request.params.token)
      ? await services.sessions.findByToken(request.params.token)
      : null;
    const merchant = session ? await services.merchants.findById(session.merchantId) : null;
    if (!session || !merchant) {
      setFunnelHeaders(reply);
      return reply.status(404).send(messagePage(language, t('not_found_title'), t('not_found_body')));
    }
    setFunnelHeaders(reply, merchant.frameOrigins);
    if (isFinalStatus(session.paymentStatus)) {
      return reply.status(410).send(messagePage(language, t('finished_title'), t('finished_body')));
    }
    if (session.expiresAt.getTime() <= Date.now()) {
      return reply.status(410).send(messagePage(language, t('expired_title'), t('expired_body')));
    }
    const shown = session.metadata.filter((item) => item.show);
    const banks = banksFor(merchant.environment).filter(
      (bank) => !session.userBankCode || bank.code === session.userBankCode,
    );
    const expiresAt = session.expiresAt.toLocaleTimeString('es-CL', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'America/Santiago',
    });
    const body = html`
<section class="card" aria-labelledby="summary-title">
  <p class="merchant" id="summary-title">${t('pay_to')} <strong>${merchant.name}</strong></p>
  <p class="amount" aria-label="${t('amount')}">${formatPesos(session.orderAmount)}</p>
  ${
    shown.length > 0
      ? html`<dl class="details" aria-label="${t('details')}">${shown.map(
          (item) => html`<dt>${item.name}</dt><dd>${item.value}</dd>`,
        )}</dl>`
      : ''
  }
</section>
<section class="card" aria-labelledby="banks-title">
  <h2 id="banks-title">${t('choose_bank')}</h2>
  <ul class="banks">${banks.map(
    (bank) => html`<li><button type="button" name="bank" value="${bank.code}">${bank.name}</button></li>`,
  )}</ul>
</section>
<p class="note">${t('secure_transfer')} ${t('expires_at')} ${expiresAt}.</p>`;
    return reply.send(
      page({
        language,
        title: `${t('pay_to')} ${merchant.name}`,
        body,
        switchUrl: `/session/${session.token}?lang=${language === 'es' ? 'en' : 'es'}`,
      }),
    );
  });
}
