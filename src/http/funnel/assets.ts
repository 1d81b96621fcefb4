import { readFileSync } from 'node:fs';
import { BANK_LOOK_CSS } from './bank-looks.ts';

/** Puente's icon: a bridge's arch over a line, in the funnel's accent colour. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b6e4f"/><path d="M5 22h22M8 22v-4a8 8 0 0 1 16 0v4" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>`;

/** The funnel's stylesheet: served from our origin so the CSP needs no 'unsafe-inline'. */
export const FUNNEL_CSS = `
:root { --ink: #14213d; --muted: #5c6478; --line: #dfe3ec; --accent: #0b6e4f; --accent-ink: #fff;
  --bg: #f4f6fa; --card: #fff; --danger: #a4161a; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font-size: 16px; line-height: 1.5; }
main { max-width: 30rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
header.brand { display: flex; align-items: center; gap: .75rem; max-width: 30rem; margin: 0 auto; padding: 1rem 1rem 0; }
header.brand .logo { font-weight: 700; letter-spacing: .02em; color: var(--accent); }
header.brand .switch { margin-left: auto; color: var(--ink); font-size: .9rem; }
.sandbox { font-size: .8rem; font-weight: 600; color: #6b3b00; background: #fff1d6; border: 1px solid #e9b45a; border-radius: 999px; padding: .1rem .6rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
ol.steps { list-style: none; display: grid; grid-template-columns: repeat(4, minmax(min-content, 1fr)); gap: .25rem; margin: 0 0 1rem; padding: 0; font-size: .8rem; color: var(--muted); counter-reset: step; }
ol.steps li { counter-increment: step; border-top: 4px solid var(--line); padding-top: .35rem; }
ol.steps li::before { content: counter(step) ". "; }
ol.steps li.done { border-top-color: var(--accent); color: var(--ink); }
ol.steps li[aria-current="step"] { border-top-color: var(--ink); color: var(--ink); font-weight: 700; }
.summary-line { position: sticky; top: 0; z-index: 1; display: flex; align-items: center; gap: .75rem; margin: 0 0 1rem;
  padding: .6rem .75rem; background: var(--card); border: 1px solid var(--line); border-radius: 12px; color: var(--muted); }
.summary-line .payee { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.summary-line strong { color: var(--ink); }
.summary-line .total { font-size: 1.15rem; font-variant-numeric: tabular-nums; white-space: nowrap; }
.merchant-mark { flex: none; display: inline-grid; place-items: center; width: 2rem; height: 2rem; border-radius: 50%;
  background: var(--ink); color: #fff; font-weight: 700; }
.bank-mark { flex: none; display: inline-grid; place-items: center; min-width: 2.25rem; height: 2.25rem; padding: 0 .25rem;
  border-radius: 8px; font-size: .8rem; font-weight: 800; letter-spacing: -.02em; background: var(--accent); color: var(--accent-ink); }
ul.banks button { display: flex; align-items: center; gap: .75rem; }
p.secure { display: flex; gap: .5rem; align-items: flex-start; color: var(--muted); font-size: .875rem; margin: 1rem 0 0; }
p.secure svg { flex: none; margin-top: .2rem; color: var(--accent); }
.ways-out { display: flex; flex-wrap: wrap; justify-content: center; gap: 0 1rem; }
.ways-out form + form { margin-top: 0; }
.ways-out button.link { width: auto; }
.waiting { display: flex; align-items: center; gap: .75rem; margin: 1rem 0; }
.waiting progress { flex: none; width: 6rem; height: .5rem; accent-color: var(--accent); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1.25rem; margin-bottom: 1rem; }
.merchant { color: var(--muted); margin: 0; }
.merchant strong { color: var(--ink); }
.amount { font-size: 2.25rem; font-weight: 700; margin: .25rem 0 0; font-variant-numeric: tabular-nums; }
dl.details { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; margin: 1rem 0 0; font-size: .95rem; }
dl.details dt { color: var(--muted); }
dl.details dd { margin: 0; text-align: right; overflow-wrap: anywhere; }
dl.transfer-details { display: block; }
dl.transfer-details dt { margin-top: .75rem; }
dl.transfer-details dd { text-align: left; font-weight: 600; font-size: 1.05rem; }
dl.transfer-details dd .copy { width: auto; padding: .75rem 0; font-weight: 400; font-size: .9rem; }
h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
h2 { font-size: 1.05rem; margin: 0 0 .75rem; }
ul.banks { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
button, .button { display: block; width: 100%; min-height: 3rem; padding: .75rem 1rem; border-radius: 10px; font: inherit;
  font-weight: 600; cursor: pointer; text-align: left; border: 1px solid var(--line); background: var(--card); color: var(--ink); }
button:hover, button:focus-visible { border-color: var(--accent); outline: 3px solid rgba(11,110,79,.25); }
button.primary, a.button.primary { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); text-align: center; }
button.link, a.link { background: none; border: none; color: var(--muted); text-align: center; text-decoration: underline; font-weight: 600; }
a.link { display: inline-block; padding: .75rem 1rem; min-height: 3rem; }
.note { color: var(--muted); font-size: .875rem; }
.note a { color: var(--ink); }
.error { color: var(--danger); }
form { margin: 0; }
form + form { margin-top: .5rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=password], input[type=tel], input[type=email] { display: block; width: 100%; min-height: 3rem; padding: .6rem .75rem;
  font: inherit; border: 1px solid #7a8396; border-radius: 8px; background: #fff; color: var(--ink); }
input[readonly] { background: var(--bg); color: var(--muted); }
input:focus-visible { outline: 3px solid rgba(11,110,79,.35); border-color: var(--accent); }
.actions { display: grid; gap: .5rem; margin-top: 1rem; }
.bank-header { display: flex; align-items: center; gap: .75rem; margin: -1.25rem -1.25rem 1rem; padding: .75rem 1.25rem;
  border-radius: 12px 12px 0 0; font-weight: 700; background: var(--accent); color: var(--accent-ink); }
.bank-header .bank-mark { background: var(--accent-ink); color: var(--accent); }
.notice { border-left: 4px solid var(--danger); padding: .5rem .75rem; background: #fdecec; color: var(--danger); border-radius: 4px; }
.ok { border-left: 4px solid var(--accent); padding: .5rem .75rem; background: #e7f5ef; border-radius: 4px; }
.confirm { font-size: 1.15rem; font-weight: 600; }
.coordinates { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .5rem; }
.coordinates input { min-width: 0; }
.accounts button { text-align: left; }
a.button { text-decoration: none; text-align: center; box-sizing: border-box; }
@media (max-width: 480px) { .coordinates { grid-template-columns: 1fr; }
  .coordinates > div { display: grid; grid-template-columns: 1fr 7rem; align-items: center; gap: .75rem; }
  .coordinates label { margin: 0; } }
@media (max-width: 380px) { .amount { font-size: 1.9rem; } main { padding: 1rem .75rem 2rem; } header.brand { padding: .75rem .75rem 0; } }
@media (prefers-reduced-motion: reduce) { * { animation: none !important; transition: none !important; } }
${BANK_LOOK_CSS}
`;

/** The direct-transfer page's copy buttons (`/assets/copy-buttons.js`), read once at start. */
export const COPY_BUTTONS_SCRIPT = readFileSync(new URL('./copy-buttons.js', import.meta.url), 'utf8');
