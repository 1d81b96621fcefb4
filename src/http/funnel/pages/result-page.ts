import { formatPesos } from '../../../domain/money.ts';
import { type Html, html } from '../../html.ts';
import { failureText, type PageContext, stepPage, t } from './page-context.ts';

/**
 * The end of a payment shown by the funnel itself: when the merchant gave no URL to return to, or when an
 * error needs explaining before the payer goes back (then `returnUrl` carries the signed JWT).
 *
 * In the widget (`widgetResult`), the frame script posts the result to the merchant's page instead: at once
 * for success and cancellation, and for an error or expiry when the payer has read why and pressed the
 * button (the merchant's page then closes the modal).
 */
export function resultPage(
  context: PageContext,
  returnUrl: string | null,
  widgetResult?: { status: string; jwt: string },
): string {
  const { session, funnel, merchant } = context.view;
  const values = { amount: formatPesos(session.orderAmount), merchant: merchant.name };
  let title: string;
  let text: Html;
  switch (session.paymentStatus) {
    case 'success':
      title = t(context, 'result_success_title');
      text = html`<p class="ok">${t(context, 'result_success_body', values)}</p>${
        funnel.bankReference
          ? html`<p class="note">${t(context, 'reference')}: ${funnel.bankReference}</p>`
          : ''
      }`;
      break;
    case 'cancelled':
      title = t(context, 'result_cancelled_title');
      text = html`<p>${t(context, 'result_cancelled_body')}</p>`;
      break;
    case 'expired':
      title = t(context, 'expired_title');
      text = html`<p>${t(context, 'expired_body')}</p>`;
      break;
    default:
      title = t(context, 'result_error_title');
      text = html`<p class="notice" role="alert">${failureText(context, funnel.failureReason)}</p>`;
  }
  // Never a dead end: back with the JWT when this status has a URL; else to the shop's site when any of its
  // URLs is known (without a JWT: that URL is for the other outcome); else say the window can be closed.
  const shopSite = returnUrl ? null : siteOf(session.completedUrl ?? session.cancellationUrl);
  const wayOn = returnUrl
    ? html`<a class="button primary" href="${returnUrl}">${t(context, 'back_to_shop')}</a>`
    : shopSite
      ? html`<a class="button primary" href="${shopSite}">${t(context, 'back_to_shop')}</a>`
      : html`<p class="note">${t(context, 'result_close_hint')}</p>`;
  const body = html`<section class="card" aria-labelledby="result-title">
  <h1 id="result-title">${title}</h1>
  ${text}
  ${widgetResult ? backToShop(context, returnUrl) : wayOn}
</section>`;
  return stepPage(context, title, body, widgetResult ? { widgetResult } : {});
}

/** In the widget, "back to the shop" is the frame script's cue to post the result and close the modal. */
function backToShop(context: PageContext, returnUrl: string | null): Html {
  const label = t(context, 'back_to_shop');
  if (returnUrl) return html`<a class="button primary" href="${returnUrl}" data-puente-return>${label}</a>`;
  // Without a URL the button only means something to the frame script, which shows it inside the widget.
  return html`<button type="button" class="primary" data-puente-return hidden>${label}</button>`;
}

function siteOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return null;
  }
}
