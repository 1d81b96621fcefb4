import type { BankCode } from '../../domain/banks.ts';
import type { PaymentStatus, PaymentStep } from '../../domain/payment.ts';
import type { MetadataItem, NewPaymentSession, PaymentSession } from '../../domain/session.ts';
import type { SqlExecutor } from '../../ports/database.ts';
import type { SessionQuery, SessionStore } from '../../ports/session-store.ts';
import { NaturalBatcher } from './natural-batcher.ts';

interface SessionRow {
  id: number;
  token: string;
  merchant_id: number;
  merchant_order_id: string;
  order_amount: number | string;
  customer_email: string | null;
  user_bank_code: BankCode | null;
  user_rut: string | null;
  is_rut_block: boolean;
  metadata: MetadataItem[];
  completed_url: string | null;
  cancellation_url: string | null;
  webhook_url: string | null;
  concat: string;
  signature_token_sealed: string;
  payment_token: string | null;
  payment_status: PaymentStatus;
  payment_step: PaymentStep;
  /** A Date from a column; an ISO text from a `to_jsonb` document. */
  expires_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
}

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export const SESSION_COLUMNS = `id, token, merchant_id, merchant_order_id, order_amount, customer_email,
  user_bank_code, user_rut, is_rut_block, metadata, completed_url, cancellation_url, webhook_url, concat,
  signature_token_sealed, payment_token, payment_status, payment_step, expires_at, created_at, updated_at`;

/** A session from its row, or from its `to_jsonb` document (the funnel's view). */
export function toPaymentSession(row: SessionRow): PaymentSession {
  return {
    id: Number(row.id),
    token: row.token,
    merchantId: Number(row.merchant_id),
    merchantOrderId: row.merchant_order_id,
    orderAmount: Number(row.order_amount),
    customerEmail: row.customer_email,
    userBankCode: row.user_bank_code,
    userRut: row.user_rut,
    isRutBlock: row.is_rut_block,
    metadata: row.metadata,
    completedUrl: row.completed_url,
    cancellationUrl: row.cancellation_url,
    webhookUrl: row.webhook_url,
    concat: row.concat,
    signatureTokenSealed: row.signature_token_sealed,
    paymentToken: row.payment_token,
    paymentStatus: row.payment_status,
    paymentStep: row.payment_step,
    expiresAt: asDate(row.expires_at),
    createdAt: asDate(row.created_at),
    updatedAt: asDate(row.updated_at),
  };
}

type CreatePolicy = { onePaymentPerOrder: boolean };
type Created = PaymentSession | 'order_already_paid';
interface CreateRequest {
  session: NewPaymentSession;
  policy: CreatePolicy;
}

const INSERT_SESSION = `insert into payment_sessions (token, merchant_id, merchant_order_id, order_amount,
     customer_email, user_bank_code, user_rut, is_rut_block, metadata, completed_url, cancellation_url,
     webhook_url, concat, signature_token_sealed, expires_at)`;

/**
 * With one payment per order, a row is inserted only if its order has no successful payment, so a session
 * can never be created after (or while) the order is paid. Under `or`, the check stays a lookup of the order
 * index for each row rather than a join over the table.
 */
const INSERT_SESSIONS = `${INSERT_SESSION}
  select n.token, n.merchant_id, n.merchant_order_id, n.order_amount, n.customer_email, n.user_bank_code,
    n.user_rut, n.is_rut_block, n.metadata, n.completed_url, n.cancellation_url, n.webhook_url, n.concat,
    n.signature_token_sealed, n.expires_at
  from jsonb_to_recordset($1::jsonb) as n(token text, merchant_id bigint, merchant_order_id text,
    order_amount bigint, customer_email text, user_bank_code text, user_rut text, is_rut_block boolean,
    metadata jsonb, completed_url text, cancellation_url text, webhook_url text, concat text,
    signature_token_sealed text, expires_at timestamptz, once boolean)
  where not n.once or not exists (
    select 1 from payment_sessions s
    where s.merchant_id = n.merchant_id and s.merchant_order_id = n.merchant_order_id
      and s.payment_status = 'success')
  returning id, token, created_at, updated_at`;

export class SqlSessionStore implements SessionStore {
  private readonly creates: NaturalBatcher<CreateRequest, Created> | null;

  private readonly onBatchFailed: (error: unknown, sessions: number) => void;

  /**
   * `batchCreates` puts concurrent creates into shared statements (`NaturalBatcher`): for the deployment's
   * database, never for a transaction's (its statements must stay in it, in order). `onBatchFailed` hears of
   * a shared statement that failed as a whole (its sessions are then created one by one): for the operator's
   * log, since requests are validated before they get here and such a failure is the database's trouble or a
   * value the validation let through.
   */
  constructor(
    private readonly db: SqlExecutor,
    options: {
      batchCreates?: { maxInFlight: number; maxBatch: number };
      onBatchFailed?: (error: unknown, sessions: number) => void;
    } = {},
  ) {
    this.onBatchFailed = options.onBatchFailed ?? (() => {});
    this.creates = options.batchCreates
      ? new NaturalBatcher((requests) => this.createMany(requests), options.batchCreates)
      : null;
  }

  create(session: NewPaymentSession, policy: CreatePolicy): Promise<Created> {
    return this.creates ? this.creates.submit({ session, policy }) : this.createOne(session, policy);
  }

  /**
   * One statement and one commit for every session of the batch. If it fails as a whole, each session is
   * tried alone, so one session's own error (say, a value the table refuses) fails only that request.
   */
  private async createMany(requests: readonly CreateRequest[]): Promise<PromiseSettledResult<Created>[]> {
    const [only] = requests;
    if (requests.length === 1 && only) {
      return Promise.allSettled([this.createOne(only.session, only.policy)]);
    }
    let rows: { id: number; token: string; created_at: Date; updated_at: Date }[];
    try {
      rows = await this.db.query(INSERT_SESSIONS, [JSON.stringify(requests.map(asRecord))], {
        name: 'create-payment-sessions',
      });
    } catch (error) {
      this.onBatchFailed(error, requests.length);
      return Promise.allSettled(requests.map(({ session, policy }) => this.createOne(session, policy)));
    }
    const byToken = new Map(rows.map((row) => [row.token, row]));
    return requests.map(({ session }) => {
      const row = byToken.get(session.token);
      return { status: 'fulfilled', value: row ? createdSession(session, row) : 'order_already_paid' };
    });
  }

  private async createOne(session: NewPaymentSession, policy: CreatePolicy): Promise<Created> {
    // One statement. It reads back only what the database chose (id, timestamps): this is the merchant
    // API's hot path, and reading back all we just wrote costs time.
    const returning = 'returning id, created_at, updated_at';
    const [row] = await this.db.query<{ id: number; created_at: Date; updated_at: Date }>(
      policy.onePaymentPerOrder
        ? `${INSERT_SESSION}
           select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15
           where not exists (
             select 1 from payment_sessions
             where merchant_id = $2 and merchant_order_id = $3 and payment_status = 'success')
           ${returning}`
        : `${INSERT_SESSION} values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ${returning}`,
      [
        session.token,
        session.merchantId,
        session.merchantOrderId,
        session.orderAmount,
        session.customerEmail,
        session.userBankCode,
        session.userRut,
        session.isRutBlock,
        JSON.stringify(session.metadata),
        session.completedUrl,
        session.cancellationUrl,
        session.webhookUrl,
        session.concat,
        session.signatureTokenSealed,
        session.expiresAt,
      ],
      { name: policy.onePaymentPerOrder ? 'create-payment-session-once' : 'create-payment-session' },
    );
    return row ? createdSession(session, row) : 'order_already_paid';
  }

  async findByToken(token: string): Promise<PaymentSession | null> {
    const [row] = await this.db.query<SessionRow>(
      `select ${SESSION_COLUMNS} from payment_sessions where token = $1`,
      [token],
    );
    return row ? toPaymentSession(row) : null;
  }

  async search(query: SessionQuery, limit = 100): Promise<PaymentSession[]> {
    const conditions = ['merchant_id = $1'];
    const params: unknown[] = [query.merchantId];
    const add = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      conditions.push(`${column} = $${params.length}`);
    };
    add('payment_token', query.paymentToken);
    add('merchant_order_id', query.merchantOrderId);
    add('token', query.sessionToken);
    params.push(limit);
    const rows = await this.db.query<SessionRow>(
      `select ${SESSION_COLUMNS} from payment_sessions where ${conditions.join(' and ')}
       order by created_at desc, id desc limit $${params.length}`,
      params,
    );
    return rows.map(toPaymentSession);
  }
}

/** A row of `INSERT_SESSIONS`' recordset. */
function asRecord({ session, policy }: CreateRequest) {
  return {
    token: session.token,
    merchant_id: session.merchantId,
    merchant_order_id: session.merchantOrderId,
    order_amount: session.orderAmount,
    customer_email: session.customerEmail,
    user_bank_code: session.userBankCode,
    user_rut: session.userRut,
    is_rut_block: session.isRutBlock,
    metadata: session.metadata,
    completed_url: session.completedUrl,
    cancellation_url: session.cancellationUrl,
    webhook_url: session.webhookUrl,
    concat: session.concat,
    signature_token_sealed: session.signatureTokenSealed,
    expires_at: session.expiresAt,
    once: policy.onePaymentPerOrder,
  };
}

function createdSession(
  session: NewPaymentSession,
  row: { id: number; created_at: Date; updated_at: Date },
): PaymentSession {
  // Field by field, not `{ ...session, id, … }`: V8 (Node 20) makes adding properties to a spread copy
  // slow, about 11 µs here, a twentieth of the gateway's whole CPU time for this request.
  return {
    token: session.token,
    merchantId: session.merchantId,
    merchantOrderId: session.merchantOrderId,
    orderAmount: session.orderAmount,
    customerEmail: session.customerEmail,
    userBankCode: session.userBankCode,
    userRut: session.userRut,
    isRutBlock: session.isRutBlock,
    metadata: session.metadata,
    completedUrl: session.completedUrl,
    cancellationUrl: session.cancellationUrl,
    webhookUrl: session.webhookUrl,
    concat: session.concat,
    signatureTokenSealed: session.signatureTokenSealed,
    expiresAt: session.expiresAt,
    id: Number(row.id),
    paymentToken: null,
    paymentStatus: 'pending',
    paymentStep: 'created',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
