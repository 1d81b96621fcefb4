import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { BANKS } from '../../../domain/banks.ts';
import { PAYMENT_STATUSES } from '../../../domain/payment.ts';
import type { PaymentRow } from '../../../ports/back-office-reads.ts';
import { html } from '../../html.ts';
import { auditAction } from '../audit.ts';
import { bankLabel, paymentStatusBadge, paymentStatusLabel, paymentStepLabel, rutLabel } from '../labels.ts';
import { adminPage, operatorOf, queryOf, scrollingTable, sendPage } from '../layout.ts';
import { textOf } from '../messages.ts';
import { readSearchForm, searchQuery } from '../payment-filters.ts';
import { replicaNote } from '../replica-note.ts';

const SECTION = '/admin/payments';
const PAGE_SIZE = 50;

export function paymentRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/payments', async (request, reply) => {
    const text = textOf(request);
    const { t, language } = text;
    const query = queryOf(request);
    const form = readSearchForm(query);
    const after = query.after && /^[A-Za-z0-9_-]{1,200}$/.test(query.after) ? query.after : null;
    const [page, lag] = await Promise.all([
      form.problems.length > 0
        ? { rows: [] as PaymentRow[], next: null }
        : services.backOffice.searchPayments(form.filters, { after, pageSize: PAGE_SIZE }),
      services.backOffice.replicaLagSeconds(),
    ]);
    const f = form.fields;
    const option = (value: string, current: string | undefined, label = value) =>
      html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
    return sendPage(
      reply,
      adminPage({
        text,
        title: t('nav_payments'),
        operator: operatorOf(request),
        section: SECTION,
        body: html`${replicaNote(text, lag)}<section class="card">
<h1>${t('nav_payments')}</h1>
<form method="get" action="/admin/payments" class="filters" role="search">
<div><label for="merchant">${t('merchant_code')}</label><input id="merchant" name="merchant" value="${f.merchant}"></div>
<div><label for="order">${t('merchant_order')}</label><input id="order" name="order" value="${f.order}"></div>
<div><label for="session">${t('session_token')}</label><input id="session" name="session" value="${f.session}"></div>
<div><label for="payment">${t('payment_token')}</label><input id="payment" name="payment" value="${f.payment}"></div>
<div><label for="rut">${t('rut')}</label><input id="rut" name="rut" value="${f.rut}"></div>
<div><label for="status">${t('status')}</label><select id="status" name="status">${option('', f.status, t('all'))}${PAYMENT_STATUSES.map((status) => option(status, f.status, paymentStatusLabel(status, language)))}</select></div>
<div><label for="bank">${t('bank')}</label><select id="bank" name="bank">${option('', f.bank, t('all'))}${BANKS.map((bank) => option(bank.code, f.bank, bankLabel(bank.code)))}</select></div>
<div><label for="method">${t('payment_method')}</label><select id="method" name="method">${option('', f.method, t('all'))}${option('bank_login', f.method, t('method_bank_login'))}${option('direct_transfer', f.method, t('method_direct_transfer'))}</select></div>
<div><label for="from">${t('from_day')}</label><input id="from" name="from" type="date" value="${f.from}"></div>
<div><label for="to">${t('to_day')}</label><input id="to" name="to" type="date" value="${f.to}"></div>
<div class="actions"><button type="submit" class="inline primary">${t('search')}</button><a class="button inline" href="/admin/payments/export.csv?${searchQuery(f)}">${t('export_csv')}</a></div>
</form>
${form.problems.map((problem) => html`<p class="error" role="alert">${t(problem.key, { value: problem.value })}</p>`)}
</section>
<section class="card" aria-label="${t('results')}">
${scrollingTable(
  text,
  html`<table>
<thead><tr><th>${t('created')}</th><th>${t('merchant')}</th><th>${t('order')}</th><th class="number">${t('amount')}</th><th>${t('status')}</th><th>${t('step')}</th><th>${t('bank')}</th><th>${t('rut')}</th><th>${t('payment_token')}</th></tr></thead>
<tbody>${page.rows.map(
    (row) =>
      html`<tr><td class="nowrap"><a href="/admin/payments/${row.sessionToken}">${text.time(row.createdAt)}</a></td><td>${row.merchantName}</td><td>${row.merchantOrderId}</td><td class="number">${text.pesos(row.orderAmount)}</td><td>${paymentStatusBadge(row.paymentStatus, language)}</td><td>${paymentStepLabel(row.paymentStep, language)}</td><td>${row.userBankCode ? bankLabel(row.userBankCode) : ''}</td><td class="nowrap">${row.userRut ? rutLabel(row.userRut) : ''}</td><td><code>${row.paymentToken ?? ''}</code></td></tr>`,
  )}</tbody>
</table>`,
)}
${page.rows.length === 0 ? html`<p class="note">${t('no_payment_matches')}</p>` : ''}
<nav class="pager" aria-label="${t('pages')}">${after ? html`<a href="/admin/payments?${searchQuery(f)}">${t('newer')}</a>` : html`<span></span>`}${
          page.next
            ? html`<a href="/admin/payments?${searchQuery(f, { after: page.next })}" rel="next">${t('older')}</a>`
            : ''
        }</nav>
</section>`,
      }),
    );
  });

  // The export walks the same keyset pages and streams each as it arrives: memory stays flat whatever the
  // number of rows, and the first bytes leave before the last page is read.
  admin.get('/payments/export.csv', async (request, reply) => {
    const form = readSearchForm(queryOf(request));
    await auditAction(services, request, 'payments.export', null, { filters: form.fields });
    const reads = services.backOffice;
    async function* lines() {
      yield `${CSV_COLUMNS.join(',')}\r\n`;
      if (form.problems.length > 0) return;
      let after: string | null = null;
      do {
        const page = await reads.searchPayments(form.filters, { after, pageSize: 1000 });
        yield page.rows.map((row) => `${csvLine(row)}\r\n`).join('');
        after = page.next;
      } while (after);
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="puente-pagos-${new Date().toISOString().slice(0, 10)}.csv"`,
      )
      .send(Readable.from(lines()));
  });
}

const CSV_COLUMNS = [
  'created_at',
  'updated_at',
  'merchant_code',
  'merchant_order_id',
  'order_amount',
  'payment_status',
  'payment_step',
  'user_bank_code',
  'user_rut',
  'session_token',
  'payment_token',
];

/** RFC 4180 quoting, and a leading quote on anything a spreadsheet would run as a formula. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(row: PaymentRow): string {
  return [
    row.createdAt.toISOString(),
    row.updatedAt.toISOString(),
    row.merchantCode,
    row.merchantOrderId,
    row.orderAmount,
    row.paymentStatus,
    row.paymentStep,
    row.userBankCode,
    row.userRut,
    row.sessionToken,
    row.paymentToken,
  ]
    .map(csvField)
    .join(',');
}
