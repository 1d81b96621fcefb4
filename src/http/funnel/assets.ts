import { BANK_LOOK_CSS } from './bank-looks.ts';

/** The funnel's stylesheet: served from our origin so the CSP needs no 'unsafe-inline'. */
export const FUNNEL_CSS = `
:root { --ink: #14213d; --muted: #5c6478; --line: #dfe3ec; --accent: #0b6e4f; --accent-ink: #fff;
  --bg: #f4f6fa; --card: #fff; --danger: #a4161a; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font-size: 16px; line-height: 1.5; }
main { max-width: 30rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
header.brand { display: flex; justify-content: space-between; align-items: center; margin-bottom: 1rem; }
header.brand .logo { font-weight: 700; letter-spacing: .02em; color: var(--accent); }
header.brand a { color: var(--muted); font-size: .9rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1.25rem; margin-bottom: 1rem; }
.merchant { color: var(--muted); margin: 0; }
.merchant strong { color: var(--ink); }
.amount { font-size: 2.25rem; font-weight: 700; margin: .25rem 0 0; font-variant-numeric: tabular-nums; }
dl.details { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; margin: 1rem 0 0; font-size: .95rem; }
dl.details dt { color: var(--muted); }
dl.details dd { margin: 0; text-align: right; overflow-wrap: anywhere; }
h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
h2 { font-size: 1.05rem; margin: 0 0 .75rem; }
ul.banks { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
button, .button { display: block; width: 100%; min-height: 3rem; padding: .75rem 1rem; border-radius: 10px; font: inherit;
  font-weight: 600; cursor: pointer; text-align: left; border: 1px solid var(--line); background: var(--card); color: var(--ink); }
button:hover, button:focus-visible { border-color: var(--accent); outline: 3px solid rgba(11,110,79,.25); }
button.primary, a.button.primary { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); text-align: center; }
button.link { background: none; border: none; color: var(--muted); text-align: center; text-decoration: underline; }
.note { color: var(--muted); font-size: .875rem; }
.error { color: var(--danger); }
form { margin: 0; }
form + form { margin-top: .5rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=password], input[type=tel] { display: block; width: 100%; min-height: 3rem; padding: .6rem .75rem;
  font: inherit; border: 1px solid #9aa3b5; border-radius: 8px; background: #fff; color: var(--ink); }
input[readonly] { background: var(--bg); color: var(--muted); }
input:focus-visible { outline: 3px solid rgba(11,110,79,.35); border-color: var(--accent); }
.actions { display: grid; gap: .5rem; margin-top: 1rem; }
.bank-header { margin: -1.25rem -1.25rem 1rem; padding: .9rem 1.25rem; border-radius: 12px 12px 0 0; font-weight: 700;
  background: var(--accent); color: var(--accent-ink); }
.notice { border-left: 4px solid var(--danger); padding: .5rem .75rem; background: #fdecec; color: var(--danger); border-radius: 4px; }
.ok { border-left: 4px solid var(--accent); padding: .5rem .75rem; background: #e7f5ef; border-radius: 4px; }
.confirm { font-size: 1.15rem; font-weight: 600; }
.coordinates { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .5rem; }
.coordinates input { min-width: 0; }
.accounts button { text-align: left; }
a.button { text-decoration: none; text-align: center; box-sizing: border-box; }
.summary-line { display: flex; justify-content: space-between; gap: 1rem; color: var(--muted); margin: 0 0 1rem; }
.summary-line strong { color: var(--ink); }
@media (max-width: 380px) { .amount { font-size: 1.9rem; } main { padding: 1rem .75rem 2rem; } }
${BANK_LOOK_CSS}
`;
