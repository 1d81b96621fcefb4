import type { Merchant } from '../../domain/merchant.ts';
import type { PaymentSession } from '../../domain/session.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import type { PaymentJwtSigner } from '../../ports/secrets.ts';
import { widgetOriginOf } from './widget-origin.ts';

/**
 * The JWT that tells the payer's browser how the payment ended (DESIGN §5), signed with the session's
 * `signature_token`: the one the redirect carries, and the one the widget posts to the merchant's page.
 */
export function paymentResultJwt(
  signer: PaymentJwtSigner,
  session: PaymentSession,
  merchant: Merchant,
): Promise<string> {
  return signer.sign(session, merchant);
}

/**
 * Where the payer's browser goes once the payment ended (DESIGN §5): the success URL for `success`, the
 * cancellation URL otherwise, with `jwt=` appended (`?`, or the session's `concat` character when the URL
 * already has a query). Null when the merchant gave no such URL: the funnel then shows the result itself.
 */
export async function paymentRedirectUrl(
  signer: PaymentJwtSigner,
  session: PaymentSession,
  merchant: Merchant,
): Promise<string | null> {
  const url = session.paymentStatus === 'success' ? session.completedUrl : session.cancellationUrl;
  if (!url) return null;
  const jwt = await paymentResultJwt(signer, session, merchant);
  return `${url}${url.includes('?') ? session.concat : '?'}jwt=${jwt}`;
}

/**
 * Where an ended payment sends the browser with no page of ours in between (DESIGN §5): the merchant's URL
 * with the JWT, for `success` or `cancelled`, when the merchant gave one and the payment is not in the widget.
 * Null otherwise: the result page then explains an error or expiry (with a button back), shows the result
 * when there is no URL, or hands the JWT to the widget's page. The action that ends a payment redirects here
 * at once, and `GET /session/{token}/result` does for every later visit.
 */
export async function merchantExit(signer: PaymentJwtSigner, view: FunnelView): Promise<string | null> {
  const status = view.session.paymentStatus;
  if ((status !== 'success' && status !== 'cancelled') || widgetOriginOf(view) !== null) return null;
  return paymentRedirectUrl(signer, view.session, view.merchant);
}
