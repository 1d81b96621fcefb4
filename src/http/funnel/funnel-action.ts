import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { type FunnelState, isFinalState } from '../../domain/payment-state-machine.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import type { FunnelDeps } from '../../use-cases/funnel/funnel-deps.ts';
import { merchantExit } from '../../use-cases/funnel/payment-redirect.ts';
import { widgetOriginOf } from '../../use-cases/funnel/widget-origin.ts';
import { html } from '../html.ts';
import { isValidCsrf, setNotice } from './csrf.ts';
import { afterStep, expireIfDue, funnelDeps, loadOr404, redirect } from './funnel-request.ts';
import { page } from './layout.ts';
import { type MessageKey, pickLanguage, translate } from './messages.ts';

/**
 * Registers `POST /session/{token}/{action}`: one funnel form. The body is read as a form
 * (`URLSearchParams`), its CSRF token checked, the action run, and the browser sent back to the current
 * step (or, once the payment ended, to the result, or straight to the merchant where the result would only
 * redirect there) — post/redirect/get, so a repeated submit only ever meets the state machine again, which
 * refuses what no longer applies. The action decides on the view the form's page was drawn from where this
 * process still holds it, unless `readsFresh`: the direct transfer reads whether the merchant offers it now.
 * (The approval decides on the drawn view too: its step is written only while the merchant's collecting
 * account is the one that view holds, `StepRequest.directsMoney`.)
 */
export function funnelAction(
  app: FastifyInstance,
  services: Services,
  action: string,
  handle: (
    deps: FunnelDeps,
    view: FunnelView,
    form: URLSearchParams,
    client: { address: string },
  ) => Promise<MessageKey | null>,
  options: { readsFresh?: boolean } = {},
): void {
  app.post<{ Params: { token: string }; Querystring: { lang?: string } }>(
    `/session/:token/${action}`,
    async (request, reply) => {
      const language = pickLanguage(request.query, request.headers['accept-language']);
      const view = await loadOr404(services, request, reply, language, { fromForm: !options.readsFresh });
      if (!view) return reply;
      const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      const base = `/session/${view.session.token}`;
      if (!isValidCsrf(view.funnel.csrfSecret, request, form.get('csrf'))) {
        const t = (key: MessageKey) => translate(language, key);
        const body = html`<section class="card"><h1>${t('bad_form_title')}</h1><p>${t('bad_form_body')}</p>
<a class="button primary" href="${base}?lang=${language}">${t('back_to_payment')}</a></section>`;
        return reply.status(403).send(page({ language, title: t('bad_form_title'), body }));
      }
      if (view.session.paymentStatus !== 'pending') return redirect(reply, `${base}/result?lang=${language}`);
      if (await expireIfDue(services, view)) return redirect(reply, `${base}?lang=${language}`);

      // Where the action left the funnel, as its last step found it: a final state sends the payer to the result.
      let last: FunnelState = view.funnel.state;
      let written: number | null = null;
      let ended = null as FunnelView | null;
      const deps = funnelDeps(services, (result) => {
        last = result.applied ? result.to : result.state;
        if (result.applied) written = result.view.funnel.version;
        ended = result.applied && isFinalState(result.to) ? result.view : null;
      });
      const notice = await handle(deps, view, form, { address: request.ip });
      if (isFinalState(last)) {
        // Ended by this request: straight to the merchant where the result page would only redirect there.
        const exit = ended ? await merchantExit(services.jwtSigner, ended) : null;
        return redirect(reply, exit ?? afterStep(`${base}/result?lang=${language}`, written));
      }
      if (notice) setNotice(reply, base, notice, widgetOriginOf(view) !== null);
      return redirect(reply, afterStep(`${base}?lang=${language}`, written));
    },
  );
}
