import { bankByCode } from '../../../domain/banks.ts';
import { formatPesos } from '../../../domain/money.ts';
import type { FunnelView } from '../../../ports/payment-funnel-store.ts';
import { widgetOriginOf } from '../../../use-cases/funnel/widget-origin.ts';
import { type Html, html } from '../../html.ts';
import { csrfToken } from '../csrf.ts';
import { page } from '../layout.ts';
import { format, isMessageKey, type Language, type MessageKey, translate } from '../messages.ts';

/** Everything a funnel step page is rendered from. */
export interface PageContext {
  view: FunnelView;
  language: Language;
  /** The CSRF token for this browser and session. */
  csrf: string;
  /** A one-off message from the last action (`?notice=`), already checked to be a message key. */
  notice: MessageKey | null;
  /** The merchant origin of a payment opened by the widget (its pages then run the frame script). */
  widgetOrigin: string | null;
}

export function pageContext(
  view: FunnelView,
  language: Language,
  browserCookie: string,
  notice: unknown,
): PageContext {
  return {
    view,
    language,
    csrf: csrfToken(view.funnel.csrfSecret, browserCookie),
    notice: typeof notice === 'string' && isMessageKey(notice) ? notice : null,
    widgetOrigin: widgetOriginOf(view),
  };
}

export function t(context: PageContext, key: MessageKey, values?: Record<string, string | number>): string {
  return values ? format(context.language, key, values) : translate(context.language, key);
}

export function sessionPath(context: PageContext, action = ''): string {
  return `/session/${context.view.session.token}${action ? `/${action}` : ''}?lang=${context.language}`;
}

/** A POST form to one of the session's actions, with its CSRF token. */
export function form(context: PageContext, action: string, body: Html, attributes = ''): Html {
  return html`<form method="post" action="${sessionPath(context, action)}"${attributes ? html` ${attributes}` : ''}>
<input type="hidden" name="csrf" value="${context.csrf}">
${body}</form>`;
}

export function cancelForm(context: PageContext, label: MessageKey = 'cancel'): Html {
  return form(context, 'cancel', html`<button type="submit" class="link">${t(context, label)}</button>`);
}

export function noticeBlock(
  context: PageContext,
  values: Record<string, string | number> = {},
): Html | string {
  return context.notice ? html`<p class="notice" role="alert">${t(context, context.notice, values)}</p>` : '';
}

/** Merchant and amount, on top of every step after the summary. */
export function summaryLine(context: PageContext): Html {
  const { session, merchant } = context.view;
  return html`<p class="summary-line"><span>${t(context, 'pay_to')} <strong>${merchant.name}</strong></span><strong>${formatPesos(session.orderAmount)}</strong></p>`;
}

export function bankName(context: PageContext): string {
  const code = context.view.funnel.bankCode ?? context.view.session.userBankCode;
  return code ? bankByCode(code).name : '';
}

export function failureText(context: PageContext, reason: string | null): string {
  const key = `reason_${reason ?? 'unknown'}`;
  return t(context, isMessageKey(key) ? key : 'reason_unknown');
}

export function stepPage(
  context: PageContext,
  title: string,
  body: Html,
  extra: {
    refreshSeconds?: number;
    refreshAction?: string;
    /** The finished payment's result, handed by the frame script to the widget's page. */
    widgetResult?: { status: string; jwt: string };
  } = {},
): string {
  const other = context.language === 'es' ? 'en' : 'es';
  const frameScript = context.widgetOrigin
    ? {
        'widget-origin': context.widgetOrigin,
        'result-url': sessionPath(context, 'result'),
        ...(extra.widgetResult ? { status: extra.widgetResult.status, jwt: extra.widgetResult.jwt } : {}),
      }
    : undefined;
  return page({
    ...(frameScript ? { frameScript } : {}),
    language: context.language,
    title,
    body,
    bankCode: context.view.funnel.bankCode ?? context.view.session.userBankCode,
    switchUrl: `/session/${context.view.session.token}?lang=${other}`,
    ...(extra.refreshSeconds
      ? { refresh: { seconds: extra.refreshSeconds, url: sessionPath(context, extra.refreshAction) } }
      : {}),
  });
}
