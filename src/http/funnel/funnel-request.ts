import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../composition.ts';
import { referenceFrom } from '../../domain/direct-transfer.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import type { DirectTransferDeps } from '../../use-cases/direct-transfer/direct-transfer-deps.ts';
import { applyStep } from '../../use-cases/funnel/apply-step.ts';
import type { FunnelDeps } from '../../use-cases/funnel/funnel-deps.ts';
import { adoptWidgetOrigin, widgetOriginOf } from '../../use-cases/funnel/widget-origin.ts';
import { tagPaymentToken } from '../operations/logging.ts';
import { messagePage } from './layout.ts';
import { type Language, translate } from './messages.ts';
import { setFunnelHeaders } from './security-headers.ts';

const SESSION_TOKEN = /^[A-Za-z0-9]{64}$/;

/** The funnel's use cases' dependencies; `onStep` hears of every step they take or are refused. */
export function funnelDeps(services: Services, onStep?: FunnelDeps['onStep']): FunnelDeps {
  return {
    funnels: services.funnels,
    banks: services.banks,
    loginThrottle: services.bankLoginThrottle,
    redirectBanks: services.redirectBanks,
    directTransfers: services.directTransfers,
    sealer: services.secretBox,
    paymentEvents: services.paymentEvents,
    webhookHandoff: services.webhookHandoff,
    newPaymentToken: () => services.credentials.newToken(32),
    ...(onStep ? { onStep } : {}),
    settings: {
      maxLoginAttempts: services.config.PUENTE_MAX_LOGIN_ATTEMPTS,
      transferRecheckSeconds: services.config.PUENTE_TRANSFER_RECHECK_SECONDS,
      transferLostAfterSeconds: services.config.PUENTE_TRANSFER_LOST_AFTER_SECONDS,
      reviewRecheckSeconds: services.config.PUENTE_REVIEW_RECHECK_SECONDS,
    },
  };
}

/** The funnel's dependencies with the direct-transfer store, for taking movements and direct transfers. */
export function directTransferDeps(services: Services, onStep?: FunnelDeps['onStep']): DirectTransferDeps {
  return {
    ...funnelDeps(services, onStep),
    directTransfers: services.directTransfers,
    newReference: () => referenceFrom(randomBytes(6)),
  };
}

/**
 * The session behind `:token`, or null (after answering 404) when there is none. `widgetOrigin` is the
 * `?widget_origin=` the widget opened the payment with: remembered when it is a registered frame origin.
 * `drawsForms`: the view is drawn as a page with forms; `fromForm`: this is the post of such a form, which
 * may be answered with the view its page was drawn from (`RecentStepFunnelStore`).
 */
export async function loadOr404(
  services: Services,
  request: FastifyRequest<{ Params: { token: string } }>,
  reply: FastifyReply,
  language: Language,
  options: { widgetOrigin?: unknown; drawsForms?: boolean; fromForm?: boolean } = {},
): Promise<FunnelView | null> {
  const loaded = SESSION_TOKEN.test(request.params.token)
    ? await services.funnels.load(request.params.token, {
        afterStep: versionNamed(request.query, 'v'),
        formOf: options.fromForm ? versionNamed(request.query, 'f') : undefined,
        drawsForms: options.drawsForms ?? false,
      })
    : null;
  tagPaymentToken(request, reply, loaded?.session.paymentToken ?? null);
  if (loaded) {
    const view =
      options.widgetOrigin === undefined
        ? loaded
        : await adoptWidgetOrigin(services.funnels, loaded, options.widgetOrigin);
    setFunnelHeaders(
      reply,
      view.merchant.frameOrigins,
      [view.session.completedUrl, view.session.cancellationUrl],
      { widget: widgetOriginOf(view) !== null },
    );
    return view;
  }
  setFunnelHeaders(reply);
  void reply
    .status(404)
    .send(
      messagePage(language, translate(language, 'not_found_title'), translate(language, 'not_found_body')),
    );
  return null;
}

/**
 * A pending session past its expiry is expired now (the sweep would do it soon anyway), so that no step
 * runs on it. A transfer in flight is never expired: only the bank's answer ends it.
 */
export async function expireIfDue(services: Services, view: FunnelView): Promise<boolean> {
  if (view.session.paymentStatus !== 'pending' || view.session.expiresAt.getTime() > Date.now()) return false;
  if (view.funnel.state === 'transferring' || view.funnel.state === 'needs_review') return false;
  await applyStep(funnelDeps(services), view.session.id, { event: 'expire' }, { from: view });
  return true;
}

/**
 * A funnel version the URL names: `?v=`, added by a step's redirect (`afterStep`), the version that step
 * wrote; `?f=`, added to a form's action (`form`), the version of the page the form was drawn on.
 */
function versionNamed(query: unknown, name: 'v' | 'f'): number | undefined {
  const named = (query as Record<string, unknown> | undefined)?.[name];
  return typeof named === 'string' && /^\d{1,9}$/.test(named) ? Number(named) : undefined;
}

/**
 * `url` with the funnel version a step of this request wrote (`?v=`), so that the redirected request, on
 * whichever instance it lands, is answered from that write only where it was made (`RecentStepFunnelStore`).
 */
export function afterStep(url: string, version: number | null): string {
  return version === null ? url : `${url}${url.includes('?') ? '&' : '?'}v=${version}`;
}

export function redirect(reply: FastifyReply, url: string): FastifyReply {
  return reply.status(303).header('location', url).send();
}
