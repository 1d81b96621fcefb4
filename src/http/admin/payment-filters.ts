import { BANKS } from '../../domain/banks.ts';
import { PAYMENT_STATUSES } from '../../domain/payment.ts';
import { parseRut } from '../../domain/rut.ts';
import type { PaymentFilters } from '../../ports/back-office-reads.ts';
import type { AdminMessageKey } from './messages.ts';
import { startOfNextSantiagoDay, startOfSantiagoDay } from './time.ts';

/** The search form's fields, as typed (kept to refill the form) and as understood (the filters). */
export interface SearchForm {
  fields: Record<string, string>;
  filters: PaymentFilters;
  /** What could not be read: a catalogue key and the text typed. */
  problems: { key: AdminMessageKey; value: string }[];
}

export const FILTER_FIELDS = [
  'merchant',
  'order',
  'session',
  'payment',
  'rut',
  'status',
  'bank',
  'method',
  'from',
  'to',
] as const;

export function readSearchForm(query: Record<string, string>): SearchForm {
  const fields: Record<string, string> = {};
  for (const name of FILTER_FIELDS) fields[name] = (query[name] ?? '').trim().slice(0, 200);
  const filters: PaymentFilters = {};
  const problems: SearchForm['problems'] = [];
  if (fields.merchant) filters.merchantCode = fields.merchant;
  if (fields.order) filters.orderId = fields.order;
  if (fields.session) filters.sessionToken = fields.session;
  if (fields.payment) filters.paymentToken = fields.payment;
  if (fields.rut) {
    const rut = parseRut(fields.rut);
    if (rut) filters.rut = rut;
    else problems.push({ key: 'invalid_rut', value: fields.rut });
  }
  if (fields.status) {
    if ((PAYMENT_STATUSES as readonly string[]).includes(fields.status)) filters.status = fields.status;
    else problems.push({ key: 'unknown_status', value: fields.status });
  }
  if (fields.bank) {
    if (BANKS.some((bank) => bank.code === fields.bank)) filters.bank = fields.bank;
    else problems.push({ key: 'unknown_bank', value: fields.bank });
  }
  if (fields.method) {
    if (fields.method === 'bank_login' || fields.method === 'direct_transfer') filters.method = fields.method;
    else problems.push({ key: 'unknown_method', value: fields.method });
  }
  if (fields.from) {
    const from = startOfSantiagoDay(fields.from);
    if (from) filters.from = from;
    else problems.push({ key: 'invalid_date', value: fields.from });
  }
  if (fields.to) {
    const to = startOfNextSantiagoDay(fields.to);
    if (to) filters.to = to;
    else problems.push({ key: 'invalid_date', value: fields.to });
  }
  return { fields, filters, problems };
}

/** The query string of a search, for links (next page, CSV export). */
export function searchQuery(fields: Record<string, string>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...fields, ...extra })) if (value) params.set(name, value);
  return params.toString();
}
