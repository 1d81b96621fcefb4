import { type Html, html } from '../http/html.ts';
import { type Language, MESSAGES } from './messages.ts';

/** The shop's stylesheet, served from its own origin so the CSP needs no 'unsafe-inline'. */
export const SHOP_CSS = `
:root { --ink: #2b2118; --muted: #6d625a; --line: #e6ddd3; --accent: #9c4a1a; --bg: #fbf7f2; --card: #fff;
  --ok: #1e6b3a; --warn: #8a5a00; --bad: #a4161a; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
/* One family for body, buttons and tables; a serif only for headings, as the shop's voice. */
h1, h2, .name { font-family: Georgia, "Times New Roman", serif; }
a { color: var(--accent); }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.5; }
header.top { background: var(--ink); color: #fff; }
header.top .bar { max-width: 60rem; margin: 0 auto; padding: .75rem 1rem; display: flex; gap: 1.25rem; align-items: center; flex-wrap: wrap; }
header.top .name { font-weight: 700; font-size: 1.2rem; margin-right: auto; color: #fff; text-decoration: none; }
header.top a { color: #f3e6d8; }
@media (max-width: 420px) { header.top .bar { gap: .9rem; } header.top .name { font-size: 1.05rem; } }
header.top a:focus-visible, a:focus-visible { outline: 3px solid #f0b35e; outline-offset: 2px; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.8rem; margin: 0 0 .5rem; }
.tagline, .note { color: var(--muted); }
.note { font-size: .9rem; font-family: system-ui, sans-serif; }
.products { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); padding: 0; list-style: none; }
/* Cards of one row share a height; the button sits at the bottom of each. */
.products .card { display: flex; flex-direction: column; }
.products .card .price { margin-top: auto; }
.products .card a.button { align-self: flex-start; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1.25rem; }
.card h2 { margin: 0 0 .25rem; font-size: 1.2rem; }
.price { font-size: 1.5rem; font-weight: 700; color: var(--accent); font-variant-numeric: tabular-nums; margin: .25rem 0 .75rem; }
.product { display: grid; gap: 1.5rem; grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr); align-items: start; }
@media (max-width: 44rem) { .product { grid-template-columns: 1fr; } }
.art { aspect-ratio: 4 / 3; border-radius: 12px; background: linear-gradient(135deg, #e9c9a8, #b86b3c); display: grid;
  place-items: center; color: #fff; font-size: 3rem; font-weight: 700; }
table { width: 100%; border-collapse: collapse; background: var(--card); font-family: system-ui, sans-serif; font-size: .95rem; }
th, td { text-align: left; padding: .6rem .75rem; border-bottom: 1px solid var(--line); }
td.amount, th.amount { text-align: right; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
.badge { display: inline-block; padding: 0 .6rem; border-radius: 999px; font-size: .85rem; font-weight: 600; border: 1px solid currentColor; }
.badge.paid { color: var(--ok); } .badge.pending { color: var(--warn); } .badge.failed, .badge.cancelled, .badge.expired { color: var(--bad); }
dl.details { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; font-family: system-ui, sans-serif; }
dl.details dt { color: var(--muted); } dl.details dd { margin: 0; }
.widget-pay { margin-top: 1.25rem; font-family: system-ui, sans-serif; }
.widget-pay h2 { font-size: 1rem; margin: 0 0 .5rem; }
.widget-pay button { width: 100%; min-height: 3.25rem; padding: .5rem .875rem; font: inherit; font-weight: 600; color: #fff;
  background: var(--accent); border: 1px solid var(--accent); border-radius: 10px; cursor: pointer; }
.widget-pay button:focus-visible { outline: 3px solid #f0b35e; outline-offset: 2px; }
.widget-pay [role=status]:not(:empty) { margin: .75rem 0 0; padding: .5rem .75rem; border-left: 4px solid var(--accent); background: var(--card); }
a.button { display: inline-block; margin-top: 1rem; padding: .6rem 1rem; border-radius: 8px; background: var(--accent); color: #fff; text-decoration: none; font-family: system-ui, sans-serif; font-weight: 600; }
`;

/** The same page in the other language, keeping its query (the success page's `jwt`). */
export function switchLanguage(url: string, language: Language): string {
  const parsed = new URL(url, 'http://shop.invalid');
  if (language === 'en') parsed.searchParams.set('lang', 'en');
  else parsed.searchParams.delete('lang');
  return `${parsed.pathname}${parsed.search}`;
}

export function shopPage(options: {
  language: Language;
  title: string;
  body: Html;
  /** The `<puente-bank-buttons>` module, on product pages only. */
  scriptUrl?: string;
  /** The gateway's `puente-widget.js`, with the shop's own script that opens it (product pages only). */
  widgetScriptUrl?: string;
  /** The page's own URL (path and query), to switch language on it. */
  url: string;
}): string {
  const { language, title, body } = options;
  const t = MESSAGES[language];
  const other = language === 'es' ? 'en' : 'es';
  const link = (path: string) => (language === 'en' ? `${path}?lang=en` : path);
  return html`<!doctype html>
<html lang="${language === 'es' ? 'es-CL' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t.shop_name}</title>
<link rel="stylesheet" href="/assets/shop.css">
${options.scriptUrl ? html`<script type="module" src="${options.scriptUrl}"></script>` : ''}
${options.widgetScriptUrl ? html`<script src="${options.widgetScriptUrl}"></script><script src="/assets/shop-widget.js" defer></script>` : ''}
</head>
<body>
<header class="top"><nav class="bar" aria-label="${t.shop_name}">
<a class="name" href="${link('/')}">${t.shop_name}</a>
<a href="${link('/')}">${t.nav_products}</a>
<a href="${link('/pedidos')}">${t.nav_orders}</a>
<a href="${switchLanguage(options.url, other)}" lang="${other}">${t.switch_language}</a>
</nav></header>
<main>
${body}
</main>
</body>
</html>`.text;
}
