import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { paymentRedirectUrl } from '../../use-cases/funnel/payment-redirect.ts';
import { ensureBrowserCookie } from './csrf.ts';
import { loadOr404, redirect } from './funnel-request.ts';
import { pickLanguage } from './messages.ts';
import { pageContext, refreshWhileWaiting } from './pages/page-context.ts';
import { resultPage } from './pages/result-page.ts';
import { transferringPage } from './pages/transferring-page.ts';

/**
 * `GET /session/{token}/result`: where a finished payment leaves the funnel (DESIGN §5). Success and
 * cancellation go straight back to the merchant with the signed JWT; an error or expiry is explained first,
 * with a button back; without a merchant URL the funnel shows the result itself.
 */
export function resultRoute(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { token: string }; Querystring: { lang?: string; auto?: string } }>(
    '/session/:token/result',
    async (request, reply) => {
      const language = pickLanguage(request.query, request.headers['accept-language']);
      const view = await loadOr404(services, request, reply, language);
      if (!view) return reply;
      if (view.session.paymentStatus === 'pending') {
        // The transferring page polls here, so it is served here too: no detour through the session page.
        if (view.funnel.state === 'transferring') {
          const context = pageContext(
            view,
            language,
            ensureBrowserCookie(request, reply),
            undefined,
            request.query.auto,
          );
          refreshWhileWaiting(reply, context, 2, 'result');
          return reply.send(transferringPage(context));
        }
        return redirect(reply, `/session/${view.session.token}?lang=${language}`);
      }
      const url = await paymentRedirectUrl(services.jwtSigner, view.session, view.merchant);
      const status = view.session.paymentStatus;
      if (url && (status === 'success' || status === 'cancelled')) return redirect(reply, url);
      const context = pageContext(view, language, ensureBrowserCookie(request, reply), undefined);
      return reply.send(resultPage(context, url));
    },
  );
}
