import type { Merchant } from '../../domain/merchant.ts';
import type { FunnelView, PaymentFunnelStore } from '../../ports/payment-funnel-store.ts';

/**
 * The widget (DESIGN §8) opens the funnel in a frame with `?widget_origin=<the merchant page's origin>`.
 * That origin is trusted only when it is exactly one of the merchant's registered frame origins: the result
 * JWT is posted to it, so a guessed or foreign origin must never be adopted.
 */
export function registeredWidgetOrigin(
  merchant: Pick<Merchant, 'frameOrigins'>,
  given: unknown,
): string | null {
  return typeof given === 'string' && merchant.frameOrigins.includes(given) ? given : null;
}

/**
 * The origin this payment's result goes to by `postMessage`, or null for a plain funnel (redirects). Checked
 * again on every read: an origin the merchant has since removed from its list is no longer posted to.
 */
export function widgetOriginOf(view: FunnelView): string | null {
  return registeredWidgetOrigin(view.merchant, view.funnel.widgetOrigin);
}

/**
 * Stores the origin given by the widget when it is registered (the last widget to open the payment is the
 * one waiting for its result); anything else is ignored and the funnel stays as it was.
 */
export async function adoptWidgetOrigin(
  funnels: PaymentFunnelStore,
  view: FunnelView,
  given: unknown,
): Promise<FunnelView> {
  const origin = registeredWidgetOrigin(view.merchant, given);
  if (!origin || origin === view.funnel.widgetOrigin || view.session.paymentStatus !== 'pending') return view;
  await funnels.rememberWidgetOrigin(view.session.id, origin);
  return { ...view, funnel: { ...view.funnel, widgetOrigin: origin } };
}
