import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import type { Creditor } from '../../domain/creditor.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import { merchantCreditor } from '../../use-cases/funnel/creditor.ts';
import { openOpenFinanceHandle } from '../../use-cases/funnel/open-finance-handle.ts';
import { verifySecondFactor } from '../../use-cases/funnel/verify-second-factor.ts';
import { widgetOriginOf } from '../../use-cases/funnel/widget-origin.ts';
import { html } from '../html.ts';
import { ensureBrowserCookie, takeNotice } from './csrf.ts';
import { expireIfDue, funnelDeps, loadOr404, redirect } from './funnel-request.ts';
import { messagePage, page } from './layout.ts';
import { pickLanguage, translate } from './messages.ts';
import { accountChoicePage } from './pages/account-choice-page.ts';
import { bankChoicePage, cannotCollectPage } from './pages/bank-choice-page.ts';
import { bankLoginPage } from './pages/bank-login-page.ts';
import { confirmationPage } from './pages/confirmation-page.ts';
import { continueAtBankPage } from './pages/continue-at-bank-page.ts';
import { directTransferOffer, directTransferPage } from './pages/direct-transfer-page.ts';
import { pageContext, refreshWhileWaiting } from './pages/page-context.ts';
import { reviewPage } from './pages/review-page.ts';
import { secondFactorPage } from './pages/second-factor-page.ts';
import { transferringPage } from './pages/transferring-page.ts';
import { allowOwnScripts } from './security-headers.ts';

/** `auto=off` stops a waiting page's reloading; `banks=all` lists every bank although the merchant named one. */
type SessionQuery = { lang?: string; auto?: string; banks?: string };

/**
 * `GET /session/{token}`: always the payer's current step, read from the database (DESIGN §3). Every form
 * posts to an action and comes back here (post/redirect/get), so reload and back are harmless.
 */
export function sessionPageRoute(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { token: string }; Querystring: SessionQuery }>(
    '/session/:token',
    async (request, reply) => {
      const language = pickLanguage(request.query, request.headers['accept-language']);
      const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
      // `widget_origin`: the merchant page's origin, sent by the widget when it opens the payment.
      const { widget_origin: widgetOrigin } = request.query as { widget_origin?: unknown };
      const view = await loadOr404(services, request, reply, language, { widgetOrigin, drawsForms: true });
      if (!view) return reply;
      const widgetMode = widgetOriginOf(view) !== null;
      const self = `/session/${view.session.token}?lang=${language}`;
      if (await expireIfDue(services, view)) return redirect(reply, self);
      // In the widget every ending goes through the result page, which hands the JWT to the merchant's page.
      if (widgetMode && view.session.paymentStatus !== 'pending') {
        return redirect(reply, `/session/${view.session.token}/result?lang=${language}`);
      }
      if (view.session.paymentStatus === 'expired') {
        return reply.status(410).send(messagePage(language, t('expired_title'), t('expired_body')));
      }
      if (view.session.paymentStatus !== 'pending') {
        const body = html`<section class="card"><h1>${t('finished_title')}</h1><p>${t('finished_body')}</p>
<a class="button primary" href="/session/${view.session.token}/result?lang=${language}">${t('see_result')}</a></section>`;
        return reply.status(410).send(page({ language, title: t('finished_title'), body }));
      }
      const context = pageContext(
        view,
        language,
        ensureBrowserCookie(request, reply, widgetMode),
        takeNotice(request, reply, `/session/${view.session.token}`, widgetMode),
        request.query.auto,
        request.query.banks,
      );
      const deps = funnelDeps(services);
      switch (view.funnel.state) {
        case 'choosing_bank': {
          const collecting = collectingOf(view);
          if (!collecting.creditor) return reply.send(cannotCollectPage(context));
          // The merchant's bank goes straight to its login (an open-finance bank: to the page that continues
          // at the bank), unless the payer came back to choose another.
          if (
            view.session.userBankCode &&
            !view.funnel.bankCode &&
            !context.allBanks &&
            deps.redirectBanks(view.session.userBankCode)
          )
            return reply.send(continueAtBankPage(context, reply, deps.redirectBanks, collecting.creditor));
          return reply.send(
            view.session.userBankCode && !view.funnel.bankCode && !context.allBanks
              ? bankLoginPage(context, deps.settings.maxLoginAttempts)
              : bankChoicePage(context, collecting.offer ? directTransferOffer(context) : ''),
          );
        }
        case 'leaving_for_bank':
        case 'authorizing_at_bank': {
          // The creditor the attempt's consent named, once there is one; else the merchant's now.
          const kept = openOpenFinanceHandle(services.secretBox, view.funnel.bankHandleSealed);
          const creditor =
            (kept?.stage === 'authorizing' ? kept.creditor : undefined) ?? collectingOf(view).creditor;
          if (!creditor) return reply.send(cannotCollectPage(context));
          return reply.send(continueAtBankPage(context, reply, deps.redirectBanks, creditor));
        }
        case 'attempt_failed': {
          const collecting = collectingOf(view);
          if (!collecting.creditor) return reply.send(cannotCollectPage(context));
          return reply.send(bankChoicePage(context, collecting.offer ? directTransferOffer(context) : ''));
        }
        case 'awaiting_transfer': {
          const account = view.collectingAccount;
          const transfer = await services.directTransfers.directTransferOf(view.session.id);
          if (!account || !transfer)
            throw new Error(`session ${view.session.id}: direct transfer without account`);
          allowOwnScripts(reply);
          refreshWhileWaiting(reply, context, 15);
          return reply.send(directTransferPage(context, account, transfer));
        }
        case 'logging_in':
          return reply.send(bankLoginPage(context, deps.settings.maxLoginAttempts));
        case 'second_factor':
          if (view.funnel.challenge?.kind === 'app') {
            // The waiting page reloads itself: each reload asks the bank whether the payer approved.
            const outcome = await verifySecondFactor(deps, view, { kind: 'app' });
            if (outcome !== 'waiting') return redirect(reply, self);
            refreshWhileWaiting(reply, context, 2);
          }
          return reply.send(secondFactorPage(context));
        case 'choosing_account':
          return reply.send(accountChoicePage(context));
        case 'confirming':
          return reply.send(confirmationPage(context));
        case 'transferring':
        // Open finance: back from the bank, the answer is being checked (a moment, then the result).
        case 'returned_from_bank':
          refreshWhileWaiting(reply, context, 2, 'result');
          return reply.send(transferringPage(context));
        case 'needs_review':
          return reply.send(reviewPage(context));
        default:
          // Final states have a final status, answered above; a row out of step is read again.
          return redirect(reply, self);
      }
    },
  );
}

/**
 * Where the merchant's payments go (null: a production merchant without a collecting account, which no
 * bank is offered for), and whether payers are offered "Transferir desde cualquier banco".
 */
function collectingOf(view: FunnelView): { creditor: Creditor | null; offer: boolean } {
  return { creditor: merchantCreditor(view), offer: view.collectingAccount?.enabled ?? false };
}
