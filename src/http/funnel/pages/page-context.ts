import type { FastifyReply } from 'fastify';
import { bankByCode } from '../../../domain/banks.ts';
import { formatPesos } from '../../../domain/money.ts';
import type { FunnelView } from '../../../ports/payment-funnel-store.ts';
import { widgetOriginOf } from '../../../use-cases/funnel/widget-origin.ts';
import { type Html, html } from '../../html.ts';
import { BANK_LOOKS } from '../bank-looks.ts';
import { csrfToken } from '../csrf.ts';
import { page, type StepIndex } from '../layout.ts';
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
  /** False once the payer asked a waiting page to stop refreshing itself (`?auto=off`). */
  autoRefresh: boolean;
  /** The payer asked for every bank although the merchant named one (`?banks=all`). */
  allBanks: boolean;
}

export function pageContext(
  view: FunnelView,
  language: Language,
  browserCookie: string,
  notice: unknown,
  auto?: unknown,
  banks?: unknown,
): PageContext {
  return {
    view,
    language,
    csrf: csrfToken(view.funnel.csrfSecret, browserCookie),
    notice: typeof notice === 'string' && isMessageKey(notice) ? notice : null,
    widgetOrigin: widgetOriginOf(view),
    autoRefresh: auto !== 'off',
    allBanks: banks === 'all',
  };
}

export function t(context: PageContext, key: MessageKey, values?: Record<string, string | number>): string {
  return values ? format(context.language, key, values) : translate(context.language, key);
}

export function sessionPath(context: PageContext, action = ''): string {
  return `/session/${context.view.session.token}${action ? `/${action}` : ''}?lang=${context.language}`;
}

/**
 * A POST form to one of the session's actions, with its CSRF token. Its action names the funnel version the
 * page was drawn at (`f=`), so the post can be answered from that view where it was drawn.
 */
export function form(context: PageContext, action: string, body: Html, attributes = ''): Html {
  const target = `${sessionPath(context, action)}&f=${context.view.funnel.version}`;
  return html`<form method="post" action="${target}"${attributes ? html` ${attributes}` : ''}>
<input type="hidden" name="csrf" value="${context.csrf}">
${body}</form>`;
}

/** The states with a bank chosen and nothing sent yet: the payer may still go back to the bank choice. */
const BEFORE_TRANSFER = ['logging_in', 'second_factor', 'choosing_account', 'confirming'];

/** The ways out of a step: another bank (until the transfer is sent), and cancelling the payment. */
export function cancelForm(context: PageContext, label: MessageKey = 'cancel'): Html {
  const { funnel, session } = context.view;
  const changeBank = BEFORE_TRANSFER.includes(funnel.state)
    ? form(
        context,
        'change-bank',
        html`<button type="submit" class="link">${t(context, 'change_bank')}</button>`,
      )
    : funnel.state === 'choosing_bank' && session.userBankCode && !funnel.bankCode && !context.allBanks
      ? // The merchant's bank, before the payer logged in: nothing to undo, only the list to show.
        html`<a class="link" href="${sessionPath(context)}&amp;banks=all">${t(context, 'change_bank')}</a>`
      : '';
  return html`<div class="ways-out">${changeBank}${form(context, 'cancel', html`<button type="submit" class="link">${t(context, label)}</button>`)}</div>`;
}

export function noticeBlock(
  context: PageContext,
  values: Record<string, string | number> = {},
): Html | string {
  return context.notice ? html`<p class="notice" role="alert">${t(context, context.notice, values)}</p>` : '';
}

/** Merchant and amount, on top of every step after the summary (kept in view while the page scrolls). */
export function summaryLine(context: PageContext): Html {
  const { session, merchant } = context.view;
  return html`<section class="summary-line" aria-label="${t(context, 'your_payment')}"><span class="merchant-mark" aria-hidden="true">${merchant.name.trim().slice(0, 1).toUpperCase()}</span><span class="payee">${t(context, 'pay_to')} <strong>${merchant.name}</strong></span><strong class="total">${formatPesos(session.orderAmount)}</strong></section>`;
}

/** The chosen bank's band: its monogram (never its logo) and its name. */
export function bankHeader(context: PageContext): Html {
  const code = context.view.funnel.bankCode ?? context.view.session.userBankCode;
  return html`<div class="bank-header">${code ? html`<span class="bank-mark" aria-hidden="true">${BANK_LOOKS[code].monogram}</span>` : ''}<span>${bankName(context)}</span></div>`;
}

/**
 * Makes a waiting page reload itself (the HTTP `Refresh` header: no JavaScript needed) unless the payer
 * asked it to stop, which WCAG 2.2.1 requires of any time limit the payer did not choose.
 */
export function refreshWhileWaiting(
  reply: FastifyReply,
  context: PageContext,
  seconds: number,
  action = '',
): void {
  if (context.autoRefresh) reply.header('refresh', `${seconds}; url=${sessionPath(context, action)}`);
}

/** The link that stops the reloading, or the note that it stopped. */
export function refreshControl(context: PageContext, action = ''): Html {
  return context.autoRefresh
    ? html`<p class="note"><a href="${sessionPath(context, action)}&amp;auto=off">${t(context, 'stop_refresh')}</a></p>`
    : html`<p class="note">${t(context, 'refresh_stopped')}</p>`;
}

export function bankName(context: PageContext): string {
  const code = context.view.funnel.bankCode ?? context.view.session.userBankCode;
  return code ? bankByCode(code).name : '';
}

export function failureText(context: PageContext, reason: string | null): string {
  const key = `reason_${reason ?? 'unknown'}`;
  return t(context, isMessageKey(key) ? key : 'reason_unknown');
}

/** Which of the four steps the payer is at, read from the funnel's state. */
function stepOf(context: PageContext): StepIndex {
  const { funnel, session } = context.view;
  switch (funnel.state) {
    case 'choosing_bank':
      return session.userBankCode && !funnel.bankCode ? 1 : 0;
    case 'attempt_failed':
      return 0;
    case 'logging_in':
      return 1;
    case 'second_factor':
      return 2;
    default:
      return 3;
  }
}

export function stepPage(
  context: PageContext,
  title: string,
  body: Html,
  extra: {
    /** The finished payment's result, handed by the frame script to the widget's page. */
    widgetResult?: { status: string; jwt: string };
    /**
     * The payer pays from their own bank's app (direct transfer): no step indicator, since the credential
     * steps are not walked, and a security note that fits (Puente never sees the payer's passwords).
     */
    directTransfer?: boolean;
  } = {},
): string {
  const other = context.language === 'es' ? 'en' : 'es';
  const ended = context.view.session.paymentStatus !== 'pending';
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
    sandbox: context.view.merchant.environment === 'sandbox',
    ...(ended ? {} : { secureNote: extra.directTransfer ? 'direct_transfer_secure_note' : 'secure_note' }),
    ...(ended || extra.directTransfer ? {} : { step: stepOf(context) }),
  });
}
