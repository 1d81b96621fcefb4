import type { PaymentFilters, PaymentPage, PaymentRow } from '../../ports/back-office-reads.ts';
import type { SqlExecutor } from '../../ports/database.ts';

/**
 * The back-office payment search (`BackOfficeReads.searchPayments`). Results are newest first and paginated
 * by keyset on (created_at, id): each page starts strictly after the last row of the previous one, so page
 * 5,000 costs what page 1 costs (no OFFSET), and every filter that can start a search has an index ending in
 * (created_at desc, id desc) (migration 4).
 */
interface Row {
  id: number | string;
  token: string;
  payment_token: string | null;
  merchant_code: string;
  merchant_name: string;
  merchant_order_id: string;
  order_amount: number | string;
  payment_status: string;
  payment_step: string;
  user_bank_code: string | null;
  user_rut: string | null;
  customer_email: string | null;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  cursor_time: string;
}

export function encodeCursor(time: string, id: number): string {
  return Buffer.from(`${time}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { time: string; id: number } | null {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!time || !id || !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(time) || !/^\d{1,19}$/.test(id)) return null;
  return { time, id: Number(id) };
}

/** The WHERE clause of a search, with its parameters (shared by the page, the CSV export and the bench). */
export function searchWhere(filters: PaymentFilters, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filters.merchantCode)
    add((p) => `s.merchant_id = (select id from merchants where code = ${p})`, filters.merchantCode);
  if (filters.orderId) add((p) => `s.merchant_order_id = ${p}`, filters.orderId);
  if (filters.sessionToken) add((p) => `s.token = ${p}`, filters.sessionToken);
  if (filters.paymentToken) add((p) => `s.payment_token = ${p}`, filters.paymentToken);
  if (filters.rut) add((p) => `s.user_rut = ${p}`, filters.rut);
  if (filters.status) add((p) => `s.payment_status = ${p}`, filters.status);
  if (filters.bank) add((p) => `s.user_bank_code = ${p}`, filters.bank);
  if (filters.method) {
    add(
      (p) =>
        `${p}::text is not null and ${filters.method === 'direct_transfer' ? '' : 'not '}exists (select 1 from direct_transfers d where d.session_id = s.id)`,
      filters.method,
    );
  }
  if (filters.from) add((p) => `s.created_at >= ${p}`, filters.from);
  if (filters.to) add((p) => `s.created_at < ${p}`, filters.to);
  return where;
}

export async function searchPayments(
  db: SqlExecutor,
  filters: PaymentFilters,
  options: { after?: string | null; pageSize?: number } = {},
): Promise<PaymentPage> {
  const pageSize = Math.min(Math.max(options.pageSize ?? 50, 1), 1000);
  const params: unknown[] = [];
  const where = searchWhere(filters, params);
  const cursor = options.after ? decodeCursor(options.after) : null;
  if (cursor) {
    params.push(cursor.time, cursor.id);
    where.push(`(s.created_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(pageSize + 1);
  const rows = await db.query<Row>(
    `select s.id, s.token, s.payment_token, m.code as merchant_code, m.name as merchant_name,
            s.merchant_order_id, s.order_amount, s.payment_status, s.payment_step, s.user_bank_code,
            s.user_rut, s.customer_email, s.created_at, s.updated_at, s.expires_at,
            to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_time
       from payment_sessions s join merchants m on m.id = s.merchant_id
      ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
      order by s.created_at desc, s.id desc
      limit $${params.length}`,
    params,
  );
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    rows: page.map(toPaymentRow),
    next: more && last ? encodeCursor(last.cursor_time, Number(last.id)) : null,
  };
}

export async function findPaymentBySessionToken(db: SqlExecutor, token: string): Promise<PaymentRow | null> {
  const { rows } = await searchPayments(db, { sessionToken: token }, { pageSize: 1 });
  return rows[0] ?? null;
}

function toPaymentRow(row: Row): PaymentRow {
  return {
    id: Number(row.id),
    sessionToken: row.token,
    paymentToken: row.payment_token,
    merchantCode: row.merchant_code,
    merchantName: row.merchant_name,
    merchantOrderId: row.merchant_order_id,
    orderAmount: Number(row.order_amount),
    paymentStatus: row.payment_status,
    paymentStep: row.payment_step,
    userBankCode: row.user_bank_code,
    userRut: row.user_rut,
    customerEmail: row.customer_email,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  };
}
