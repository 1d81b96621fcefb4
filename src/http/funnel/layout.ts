import { type Html, html } from '../html.ts';
import { type Language, translate } from './messages.ts';

/** The page shell every funnel page shares: language, viewport for phones, our stylesheet. */
export function page(options: {
  language: Language;
  title: string;
  body: Html;
  switchUrl?: string;
  /** Adds the chosen bank's look (`bank-<code>` class). */
  bankCode?: string | null;
  /** Reloads `refresh.url` after `refresh.seconds`: how waiting pages work without JavaScript. */
  refresh?: { seconds: number; url: string };
  /**
   * Runs `/assets/puente-frame.js` with these `data-` attributes: only in the pages of a payment opened by
   * the widget, whose CSP allows our own scripts.
   */
  frameScript?: Record<string, string>;
}): string {
  const { language, title, body } = options;
  return html`<!doctype html>
<html lang="${language === 'es' ? 'es-CL' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${options.refresh ? html`<meta http-equiv="refresh" content="${options.refresh.seconds};url=${options.refresh.url}">` : ''}
<title>${title} · Puente</title>
<link rel="stylesheet" href="/assets/funnel.css">
</head>
<body${options.bankCode ? html` class="bank-${options.bankCode}"` : ''}>
<main>
<header class="brand"><span class="logo">Puente</span>${
    options.switchUrl
      ? html`<a href="${options.switchUrl}">${translate(language, 'language_switch')}</a>`
      : ''
  }</header>
${body}
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

/** A page that only says something (session not found, expired, finished). */
export function messagePage(language: Language, title: string, text: string): string {
  return page({
    language,
    title,
    body: html`<section class="card"><h1>${title}</h1><p>${text}</p></section>`,
  });
}
