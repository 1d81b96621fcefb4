import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import {
  merchantExit,
  paymentRedirectUrl,
  paymentResultJwt,
} from '../../use-cases/funnel/payment-redirect.ts';
import { widgetOriginOf } from '../../use-cases/funnel/widget-origin.ts';
import { ensureBrowserCookie } from './csrf.ts';
import { loadOr404, redirect } from './funnel-request.ts';
import { pickLanguage } from './messages.ts';
import { pageContext, refreshWhileWaiting } from './pages/page-context.ts';
import { resultPage } from './pages/result-page.ts';
import { reviewPage } from './pages/review-page.ts';
import { transferringPage } from './pages/transferring-page.ts';

/**
 * `GET /session/{token}/result`: where a finished payment leaves the funnel (DESIGN §5). Success and
 * cancellation go straight back to the merchant with the signed JWT; an error or expiry is explained first,
 * with a button back; without a merchant URL the funnel shows the result itself. A payment opened by the
 * widget never redirects: its page hands the same JWT to the merchant's page by `postMessage` (DESIGN §8).
 */
export function resultRoute(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { token: string }; Querystring: { lang?: string; auto?: string } }>(
    '/session/:token/result',
    async (request, reply) => {
      const language = pickLanguage(request.query, request.headers['accept-language']);
      const view = await loadOr404(services, request, reply, language);
      if (!view) return reply;
      const widgetMode = widgetOriginOf(view) !== null;
      const context = () =>
        pageContext(view, language, ensureBrowserCookie(request, reply, widgetMode), undefined);
      if (view.session.paymentStatus === 'pending') {
        // The transferring page polls here, so it is served here too: no detour through the session page.
        if (view.funnel.state === 'transferring') {
          const waiting = pageContext(
            view,
            language,
            ensureBrowserCookie(request, reply, widgetMode),
            undefined,
            request.query.auto,
          );
          refreshWhileWaiting(reply, waiting, 2, 'result');
          return reply.send(transferringPage(waiting));
        }
        if (view.funnel.state === 'needs_review') return reply.send(reviewPage(context()));
        return redirect(reply, `/session/${view.session.token}?lang=${language}`);
      }
      const exit = await merchantExit(services.jwtSigner, view);
      if (exit) return redirect(reply, exit);
      const url = await paymentRedirectUrl(services.jwtSigner, view.session, view.merchant);
      if (widgetMode) {
        const jwt = await paymentResultJwt(services.jwtSigner, view.session, view.merchant);
        return reply.send(resultPage(context(), url, { status: view.session.paymentStatus, jwt }));
      }
      return reply.send(resultPage(context(), url));
    },
  );
}
