import { type Html, html } from '../html.ts';
import { type Language, type MessageKey, translate } from './messages.ts';

/** Where the payer is: the four steps every payment walks, in order. */
export const STEP_KEYS = ['step_bank', 'step_login', 'step_verify', 'step_confirm'] as const;
export type StepIndex = 0 | 1 | 2 | 3;

/** The page shell every funnel page shares: language, viewport for phones, our stylesheet. */
export function page(options: {
  language: Language;
  title: string;
  body: Html;
  switchUrl?: string;
  /** Adds the chosen bank's look (`bank-<code>` class). */
  bankCode?: string | null;
  /** Shows the step indicator with this step current. */
  step?: StepIndex;
  /** Shows the sandbox badge: nothing on this page moves real money. */
  sandbox?: boolean;
  /** The line on how the payer's secrets are handled, under the page (`secure_note`: the password's). */
  secureNote?: MessageKey;
  /**
   * Runs `/assets/puente-frame.js` with these `data-` attributes: only in the pages of a payment opened by
   * the widget, whose CSP allows our own scripts.
   */
  frameScript?: Record<string, string>;
}): string {
  const { language, title, body } = options;
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);
  return html`<!doctype html>
<html lang="${language === 'es' ? 'es-CL' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Puente</title>
<link rel="stylesheet" href="/assets/funnel.css">
</head>
<body${options.bankCode ? html` class="bank-${options.bankCode}"` : ''}>
<header class="brand"><span class="logo">Puente</span>${
    options.sandbox ? html`<span class="sandbox">${t('sandbox_badge')}</span>` : ''
  }${options.switchUrl ? html`<a class="switch" href="${options.switchUrl}">${t('language_switch')}</a>` : ''}</header>
<main>
${options.step === undefined ? '' : steps(language, options.step)}
${body}
${
  options.secureNote
    ? html`<p class="secure"><svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" height="16"><path fill="currentColor" d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z"/></svg>${t(options.secureNote)}</p>`
    : ''
}
</main>
${
  options.frameScript
    ? html`<script src="/assets/puente-frame.js"${Object.entries(options.frameScript).map(
        ([name, value]) => html` data-${name}="${value}"`,
      )}></script>`
    : ''
}
</body>
</html>`.text;
}

/** The step indicator: done steps say so in words, the current one carries `aria-current="step"`. */
function steps(language: Language, current: StepIndex): Html {
  return html`<nav aria-label="${translate(language, 'steps_label')}"><ol class="steps">${STEP_KEYS.map(
    (key, index) =>
      index < current
        ? html`<li class="done">${translate(language, key)}<span class="visually-hidden"> ${translate(language, 'step_done')}</span></li>`
        : index === current
          ? html`<li aria-current="step">${translate(language, key)}</li>`
          : html`<li>${translate(language, key)}</li>`,
  )}</ol></nav>`;
}

/** A page that only says something (session not found, expired, finished). */
export function messagePage(language: Language, title: string, text: string): string {
  return page({
    language,
    title,
    body: html`<section class="card"><h1>${title}</h1><p>${text}</p></section>`,
  });
}
