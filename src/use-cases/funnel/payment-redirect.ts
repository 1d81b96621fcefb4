import type { Merchant } from '../../domain/merchant.ts';
import type { PaymentSession } from '../../domain/session.ts';
import type { PaymentJwtSigner } from '../../ports/secrets.ts';

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
