import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { startBankAuthorization } from '../../../use-cases/funnel/start-bank-authorization.ts';
import { isValidCsrf } from '../csrf.ts';
import { funnelDeps, loadOr404, redirect } from '../funnel-request.ts';
import { pickLanguage } from '../messages.ts';
import { setFunnelHeaders } from '../security-headers.ts';

/**
 * `POST /session/{token}/continue-at-bank`: open finance. Asks the bank for the payment consent and sends
 * the browser to the bank's authorisation page; on any refusal, back to the current step (post/redirect/get).
 * The bank's origin joins `form-action` for this answer only, since browsers apply it to the redirect.
 */
export function continueAtBankAction(app: FastifyInstance, services: Services): void {
  app.post<{ Params: { token: string }; Querystring: { lang?: string } }>(
    '/session/:token/continue-at-bank',
    async (request, reply) => {
      const language = pickLanguage(request.query);
      const view = await loadOr404(services, request, reply, language);
      if (!view) return reply;
      const base = `/session/${view.session.token}`;
      const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      if (!isValidCsrf(view.funnel.csrfSecret, request, form.get('csrf')))
        return redirect(reply, `${base}?lang=${language}`);
      if (view.session.expiresAt.getTime() <= Date.now()) return redirect(reply, `${base}?lang=${language}`);
      const started = await startBankAuthorization(funnelDeps(services), view);
      if (started.outcome !== 'redirect') return redirect(reply, `${base}?lang=${language}`);
      setFunnelHeaders(reply, view.merchant.frameOrigins, [
        view.session.completedUrl,
        view.session.cancellationUrl,
        started.redirectUrl,
      ]);
      return redirect(reply, started.redirectUrl);
    },
  );
}
