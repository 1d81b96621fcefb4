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
  const body = html`<section class="card" aria-labelledby="result-title">
  <h1 id="result-title">${title}</h1>
  ${text}
  ${backToShop(context, returnUrl, widgetResult !== undefined)}
</section>`;
  return stepPage(context, title, body, widgetResult ? { widgetResult } : {});
}

function backToShop(context: PageContext, returnUrl: string | null, widget: boolean): Html | string {
  const label = t(context, 'back_to_shop');
  const marker = widget ? html` data-puente-return` : '';
  if (returnUrl) return html`<a class="button primary" href="${returnUrl}"${marker}>${label}</a>`;
  // Without a URL the button only means something to the frame script, which shows it inside the widget.
  return widget
    ? html`<button type="button" class="primary" data-puente-return hidden>${label}</button>`
    : '';
}
