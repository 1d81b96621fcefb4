/**
 * The back-office stylesheet, loaded after the funnel's: same colours, type and cards, widened for
 * tables. Served from our origin so the CSP needs no 'unsafe-inline'.
 */
export const ADMIN_CSS = `
main.admin { max-width: 76rem; }
main.admin header.brand { max-width: none; margin: 0 0 .75rem; padding: 0; }
main.admin a:not(.button) { color: var(--accent); }
nav.admin a:not(.button) { color: var(--ink); }
nav.admin { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; margin-bottom: 1rem; }
nav.admin a { color: var(--ink); text-decoration: none; padding: .25rem 0; border-bottom: 2px solid transparent; }
nav.admin a[aria-current="page"] { border-bottom-color: var(--accent); font-weight: 600; }
nav.admin form { margin-left: auto; display: flex; gap: .75rem; align-items: center; }
nav.admin .who { color: var(--muted); font-size: .875rem; }
button.inline, a.button.inline { display: inline-block; width: auto; min-height: 2.25rem; padding: .35rem .9rem; text-align: center; text-decoration: none; }
a.button[aria-current="page"] { border-color: var(--accent); color: var(--accent); }
button.danger { color: var(--danger); border-color: var(--danger); }
table { width: 100%; border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.number, th.number { text-align: right; }
td code, dd code { font-size: .8rem; overflow-wrap: anywhere; }
.table-scroll { overflow-x: auto; }
.nowrap, td.nowrap { white-space: nowrap; }
.table-scroll:focus-visible { outline: 3px solid var(--accent, #0b6e4f); outline-offset: 2px; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); }
.stat { font-size: 1.75rem; font-weight: 700; margin: 0; font-variant-numeric: tabular-nums; }
form.filters { display: grid; gap: .5rem 1rem; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); align-items: end; }
label { display: block; font-size: .875rem; color: var(--muted); }
input, select, textarea { display: block; width: 100%; font: inherit; padding: .45rem .6rem; border: 1px solid #7a8396; border-radius: 8px; background: var(--card); color: var(--ink); margin-top: .2rem; }
input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid rgba(11,110,79,.25); border-color: var(--accent); }
form.stack { display: grid; gap: .85rem; max-width: 36rem; }
.check { display: grid; grid-template-columns: auto 1fr; gap: .2rem .5rem; align-items: center; }
.check input { width: auto; margin: 0; }
.check label { color: var(--ink); font-size: 1rem; }
.check .note { grid-column: 2; margin: 0; font-size: .85rem; color: var(--muted); }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
nav.actions { margin-bottom: .75rem; }
form.stack > label { margin-bottom: -.6rem; }
.badge { white-space: nowrap; display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; background: var(--bg); border: 1px solid var(--line); }
.badge.success, .badge.succeeded, .badge.delivered, .badge.ok, .badge.completed, .badge.active { color: var(--accent); border-color: var(--accent); }
.badge.error, .badge.failed, .badge.exhausted, .badge.gone, .badge.suspended, .badge.rejected { color: var(--danger); border-color: var(--danger); }
.secret { background: #fff7e0; border: 1px solid #e9c46a; border-radius: 8px; padding: .75rem; }
.secret code { font-size: .95rem; user-select: all; }
.flash { border-left: 4px solid var(--accent); }
.flash.error { border-left-color: var(--danger); }
ol.timeline { list-style: none; margin: 0; padding: 0; }
ol.timeline li { display: grid; grid-template-columns: 11rem 1fr; gap: .75rem; padding: .5rem 0; border-bottom: 1px solid var(--line); }
@media (max-width: 40rem) { ol.timeline li { grid-template-columns: 1fr; gap: .1rem; } }
ol.timeline time { color: var(--muted); font-size: .85rem; font-variant-numeric: tabular-nums; }
.pager { display: flex; justify-content: space-between; margin-top: 1rem; }
main.login { max-width: 26rem; }
figure.qr { margin: 1rem 0; }
figure.qr svg { display: block; width: 220px; height: 220px; }
.secret code#totp-secret { word-break: break-all; }
ul#recovery-codes { columns: 2; font-size: 1rem; }
form.inline-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
`;
