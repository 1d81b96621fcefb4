import type { FastifyInstance } from 'fastify';
import { OPEN_FINANCE_CALLBACK_PATH } from '../../adapters/banks/open-finance/open-finance-connectors.ts';
import type { Services } from '../../composition.ts';
import { isFinalState } from '../../domain/payment-state-machine.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import {
  completeBankAuthorization,
  sessionIdOfState,
} from '../../use-cases/funnel/complete-bank-authorization.ts';
import { merchantExit } from '../../use-cases/funnel/payment-redirect.ts';
import { html } from '../html.ts';
import { afterStep, funnelDeps, redirect } from './funnel-request.ts';
import { page } from './layout.ts';
import { translate } from './messages.ts';
import { setFunnelHeaders } from './security-headers.ts';

/**
 * `GET /open-finance/callback?code|error&state&iss`: where banks send the payer back. The session is the
 * one `state` names, and only if `state` is the one kept for its attempt; the code is exchanged once. The
 * payer then lands on the session's current step, or its result (the merchant's URL, where the result would
 * only redirect there). The query (code, state) is never shown, and the request log masks it (`maskUrl`).
 */
export function openFinanceCallbackRoute(app: FastifyInstance, services: Services): void {
  app.get(OPEN_FINANCE_CALLBACK_PATH, async (request, reply) => {
    setFunnelHeaders(reply);
    const callbackUrl = new URL(request.url, services.config.PUENTE_PAYMENT_URL);
    const sessionId = sessionIdOfState(callbackUrl.searchParams.get('state'));
    const view = sessionId === null ? null : await services.funnels.loadById(sessionId);
    if (!view) return refused(reply);
    let final = false;
    let written: number | null = null;
    let ended = null as FunnelView | null;
    const deps = funnelDeps(services, (result) => {
      final = isFinalState(result.applied ? result.to : result.state);
      if (result.applied) written = result.view.funnel.version;
      ended = result.applied && final ? result.view : null;
    });
    const outcome = await completeBankAuthorization(deps, view, callbackUrl);
    if (outcome === 'refused') return refused(reply);
    const exit = ended ? await merchantExit(services.jwtSigner, ended) : null;
    if (exit) return redirect(reply, exit);
    const base = `/session/${view.session.token}`;
    return redirect(reply, afterStep(final ? `${base}/result` : base, written));
  });
}

function refused(reply: Parameters<typeof setFunnelHeaders>[0]) {
  const title = translate('es', 'bad_form_title');
  const body = html`<section class="card"><h1>${title}</h1><p>${translate('es', 'reason_authorization_invalid')}</p>
<p lang="en">${translate('en', 'reason_authorization_invalid')}</p></section>`;
  return reply.status(400).send(page({ language: 'es', title, body }));
}
