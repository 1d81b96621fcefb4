import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { adminRoutes } from '../admin/scope.ts';
import { accountAction } from '../funnel/actions/account-action.ts';
import { approveAction } from '../funnel/actions/approve-action.ts';
import { cancelAction } from '../funnel/actions/cancel-action.ts';
import { changeBankAction } from '../funnel/actions/change-bank-action.ts';
import { chooseBankAction } from '../funnel/actions/choose-bank-action.ts';
import { continueAtBankAction } from '../funnel/actions/continue-at-bank-action.ts';
import { directTransferAction } from '../funnel/actions/direct-transfer-action.ts';
import { loginAction } from '../funnel/actions/login-action.ts';
import { secondFactorAction } from '../funnel/actions/second-factor-action.ts';
import { COPY_BUTTONS_SCRIPT, FAVICON_SVG, FUNNEL_CSS } from '../funnel/assets.ts';
import { openFinanceCallbackRoute } from '../funnel/open-finance-callback-route.ts';
import { resultRoute } from '../funnel/result-route.ts';
import { sessionPageRoute } from '../funnel/session-page.ts';
import { healthRoutes } from '../operations/health.ts';
import { metricsRoutes } from '../operations/metrics.ts';
import { apiReferenceRoutes } from './api-reference.ts';
import { apiWrongMethodRoutes } from './api-wrong-method.ts';
import { bankButtonsAssetRoute } from './bank-buttons-asset.ts';
import { checkPaymentStatusRoute } from './check-payment-status.ts';
import { merchantMovementsRoute } from './merchant-movements.ts';
import { sessionInitializeRoute } from './session-initialize.ts';
import { widgetAssetRoutes } from './widget-assets.ts';

/** The whole HTTP surface at a glance. */
export const ROUTES: readonly ((app: FastifyInstance, services: Services) => void)[] = [
  // Operations (first: the metrics hook must see every route registered after it)
  healthRoutes,
  metricsRoutes,
  // Merchant API (DESIGN §2)
  sessionInitializeRoute,
  checkPaymentStatusRoute,
  // Direct transfer: credits of the merchant's collecting account (docs/direct-transfer.md)
  merchantMovementsRoute,
  apiWrongMethodRoutes,
  apiReferenceRoutes,
  // Funnel (DESIGN §3)
  sessionPageRoute,
  chooseBankAction,
  loginAction,
  secondFactorAction,
  accountAction,
  approveAction,
  cancelAction,
  changeBankAction,
  // Open finance: the payer authorises at the bank and comes back to the callback
  continueAtBankAction,
  openFinanceCallbackRoute,
  // Direct transfer: the payer transfers from any bank to the merchant's collecting account
  directTransferAction,
  resultRoute,
  (app) => {
    app.get('/assets/funnel.css', async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(FUNNEL_CSS),
    );
    app.get('/assets/copy-buttons.js', async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('cross-origin-resource-policy', 'same-origin')
        .send(COPY_BUTTONS_SCRIPT),
    );
    // Browsers ask for it on every page: an icon, not a 404 in every log.
    app.get('/favicon.ico', async (_request, reply) =>
      reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG),
    );
  },
  // Merchant kit (DESIGN §8)
  bankButtonsAssetRoute,
  widgetAssetRoutes,
  // Back-office (DESIGN §7), one encapsulated scope under /admin
  adminRoutes,
];
