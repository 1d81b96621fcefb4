import { createHash, createHmac } from 'node:crypto';
import type { BankCode } from '../../domain/banks.ts';
import type { FunnelChanges, FunnelRecord, FunnelStep, FunnelView } from '../../domain/funnel.ts';
import type { Merchant } from '../../domain/merchant.ts';
import type { FunnelState } from '../../domain/payment-state-machine.ts';
import type { Database } from '../../ports/database.ts';
import type { MerchantStore } from '../../ports/merchant-store.ts';
import type {
  BankCallRecord,
  PaymentFunnelStore,
  StepAlongside,
  StepWrite,
  TransferToCheck,
} from '../../ports/payment-funnel-store.ts';
import { toCollectingAccount } from './sql-direct-transfer-store.ts';
import { outboxSql } from './sql-payment-events.ts';
import { toPaymentSession } from './sql-session-store.ts';

/**
 * A funnel request's one read: the session, its funnel row and its merchant's collecting account, each as
 * one JSON document. Three fields, not fifty: the SQL client's cost grows with the number of columns it is
 * told about (about 2 µs each, on every read), and PostgreSQL spends about the same either way. The
 * merchant itself comes from the merchant store's short-lived cache, not from a join read on every request.
 */
const VIEW_SQL = `select to_jsonb(s.*) as session_json, to_jsonb(f.*) as funnel_json, to_jsonb(ca.*) as collecting_json
  from payment_sessions s
  left join payment_funnels f on f.session_id = s.id
  left join collecting_accounts ca on ca.merchant_id = s.merchant_id`;

/** The states whose transfer the sweep keeps asking the bank about (`transfer_check_at` set). */
const FOLLOWED_STATES: ReadonlySet<FunnelState> = new Set(['transferring', 'needs_review']);

/** camelCase change → column; json columns are stringified. */
const CHANGE_COLUMNS: Record<keyof FunnelChanges, { column: string; json?: boolean }> = {
  bankCode: { column: 'bank_code' },
  bankHandleSealed: { column: 'bank_handle_sealed' },
  challenge: { column: 'challenge', json: true },
  accounts: { column: 'accounts', json: true },
  accountId: { column: 'account_id' },
  accountLast4: { column: 'account_last4' },
  accountType: { column: 'account_type' },
  holderName: { column: 'holder_name' },
  loginRut: { column: 'login_rut' },
  failureReason: { column: 'failure_reason' },
  transferSubmittedAt: { column: 'transfer_submitted_at' },
  transferStatus: { column: 'transfer_status' },
  bankReference: { column: 'bank_reference' },
  bankPaymentId: { column: 'bank_payment_id' },
  transferCheckAt: { column: 'transfer_check_at' },
};

type Json = Record<string, unknown>;

function toFunnel(json: Json): FunnelRecord {
  const date = (value: unknown) => (value ? new Date(String(value)) : null);
  return {
    sessionId: Number(json.session_id),
    state: json.state as FunnelState,
    bankCode: (json.bank_code as BankCode | null) ?? null,
    bankHandleSealed: (json.bank_handle_sealed as string | null) ?? null,
    challenge: (json.challenge as FunnelRecord['challenge']) ?? null,
    accounts: (json.accounts as FunnelRecord['accounts']) ?? null,
    accountId: (json.account_id as string | null) ?? null,
    accountLast4: (json.account_last4 as string | null) ?? null,
    accountType: (json.account_type as string | null) ?? null,
    holderName: (json.holder_name as string | null) ?? null,
    loginRut: (json.login_rut as string | null) ?? null,
    loginAttempts: Number(json.login_attempts),
    failureReason: (json.failure_reason as string | null) ?? null,
    csrfSecret: String(json.csrf_secret),
    transferSubmittedAt: date(json.transfer_submitted_at),
    transferStatus: (json.transfer_status as FunnelRecord['transferStatus']) ?? null,
    bankReference: (json.bank_reference as string | null) ?? null,
    bankPaymentId: (json.bank_payment_id as string | null) ?? null,
    version: Number(json.version),
    widgetOrigin: (json.widget_origin as string | null) ?? null,
  };
}

interface ViewRow {
  session_json: Json;
  funnel_json: Json | null;
  collecting_json: Json | null;
}

function toView(row: ViewRow, funnel: Json, merchant: Merchant): FunnelView {
  return {
    session: toPaymentSession(row.session_json as unknown as Parameters<typeof toPaymentSession>[0]),
    merchant,
    funnel: toFunnel(funnel),
    collectingAccount: row.collecting_json ? toCollectingAccount(row.collecting_json) : null,
  };
}

/**
 * The condition that the merchant's collecting account is still the one `view` holds, as far as a creditor
 * goes (bank, type, number, holder): its notification e-mail or direct-transfer offer may change meanwhile.
 */
function creditorPinned(
  view: Pick<FunnelView, 'session' | 'collectingAccount'>,
  value: (item: unknown) => string,
): string {
  const merchant = `${value(view.session.merchantId)}::bigint`;
  const account = view.collectingAccount;
  if (!account) return `not exists (select 1 from collecting_accounts where merchant_id = ${merchant})`;
  return `exists (select 1 from collecting_accounts ca where ca.merchant_id = ${merchant}
           and (ca.bank_code, ca.account_type, ca.account_number, ca.holder_name, ca.holder_rut)
             = (${value(account.bankCode)}, ${value(account.accountType)}, ${value(account.accountNumber)},
                ${value(account.holderName)}, ${value(account.holderRut)}))`;
}

/** Unique violation of the order claim: another session of the order holds it. */
function isOrderClaimTaken(error: unknown): boolean {
  const fields = error as { code?: unknown; constraint?: unknown };
  return fields?.code === '23505' && fields.constraint === 'payment_order_claims_pkey';
}

export class SqlPaymentFunnelStore implements PaymentFunnelStore {
  /**
   * Each shape of step statement's prepared-statement name, by its text. A step's text depends only on which
   * columns, timeline rows and side writes it has, never on values, so this holds a few dozen entries; it
   * spares hashing the whole text on every write.
   */
  private readonly statementNames = new Map<string, string>();

  constructor(
    private readonly db: Database,
    /** Where a view's merchant comes from: `CachedMerchantStore` in the gateway. */
    private readonly merchants: Pick<MerchantStore, 'findById'>,
    /** The key sessions' CSRF keys are derived from (`SecretBox.derivedKey('funnel-csrf')`). */
    private readonly csrfKey: Buffer,
  ) {}

  async load(sessionToken: string): Promise<FunnelView | null> {
    return this.loadWhere('token', 's.token = $1', sessionToken);
  }

  async loadById(sessionId: number): Promise<FunnelView | null> {
    return this.loadWhere('id', 's.id = $1', sessionId);
  }

  private async loadWhere(
    key: 'token' | 'id',
    condition: string,
    value: unknown,
  ): Promise<FunnelView | null> {
    const select = { name: `funnel-view-by-${key}` };
    const [row] = await this.db.query<ViewRow>(`${VIEW_SQL} where ${condition}`, [value], select);
    if (!row) return null;
    const { id, merchant_id: merchantId } = row.session_json;
    const merchant = await this.merchants.findById(Number(merchantId));
    if (!merchant) throw new Error(`session ${String(id)}: its merchant ${String(merchantId)} is not there`);
    // A session nobody has moved yet has no funnel row: it is at the bank choice, and its first step writes the
    // row (an opened page writes nothing).
    return toView(row, row.funnel_json ?? this.unmoved(Number(id)), merchant);
  }

  /** The funnel of a session no step has moved yet, as its first step will write it. */
  private unmoved(sessionId: number): Json {
    return {
      session_id: sessionId,
      state: 'choosing_bank',
      login_attempts: 0,
      version: 0,
      csrf_secret: this.csrfSecretOf(sessionId),
    };
  }

  /**
   * A session's CSRF key: derived from the server's key and the session (HMAC), so the page drawn before the
   * funnel row exists and the form posted from it agree without a write; stored in the row when it is made.
   */
  private csrfSecretOf(sessionId: number): string {
    return createHmac('sha256', this.csrfKey).update(`funnel-csrf:${sessionId}`).digest('base64url');
  }

  /**
   * One statement: the funnel (if still at the decided version), the session, the timeline rows, the order
   * claim taken or released, and the payment event of a final status. Nothing is written when the version
   * moved; everything is undone when the order's claim is held by another session.
   */
  async write(step: FunnelStep, alongside: StepAlongside): Promise<StepWrite> {
    const { session, funnel } = step.after;
    const params: unknown[] = [step.sessionId, step.version, funnel.state];
    const value = (item: unknown) => {
      params.push(item);
      return `$${params.length}`;
    };
    const sets = ['state = $3', 'version = f.version + 1', 'updated_at = now()'];
    if (step.countLoginAttempt) sets.push('login_attempts = f.login_attempts + 1');
    // Only a transfer being followed has a next check: leaving those states clears it, so the sweep's index
    // holds only them (null stays null, which keeps the update heap-only).
    if (!FOLLOWED_STATES.has(funnel.state) && step.changes.transferCheckAt === undefined)
      sets.push('transfer_check_at = null');
    const changed: { column: string; parameter: string }[] = [];
    for (const [key, item] of Object.entries(step.changes)) {
      const spec = CHANGE_COLUMNS[key as keyof FunnelChanges];
      if (!spec || item === undefined) continue;
      const parameter = value(spec.json && item !== null ? JSON.stringify(item) : item);
      changed.push({ column: spec.column, parameter });
      sets.push(`${spec.column} = ${parameter}`);
    }
    // Timeline rows: the bank calls that led here, then the step's events, in that order (ids follow it).
    const timelineRows: string[][] = [
      ...alongside.bankCalls.map((call) => [
        value(call.paymentToken ?? session.paymentToken),
        "'bank_call'",
        value(call.operation),
        value(call.bankCode),
        'null',
        'null',
        value(call.outcome),
        `${value(Math.round(call.durationMs))}::integer`,
      ]),
      ...step.transitions.map((transition) => [
        value(session.paymentToken),
        "'step'",
        value(transition.name),
        value(funnel.bankCode),
        value(transition.from),
        value(transition.to),
        value(transition.outcome),
        'null::integer',
      ]),
    ];
    const timelineValues = timelineRows.map((row, position) => `(${[position, ...row].join(', ')})`);
    // A step that directs money follows a login and an account choice: it never makes the funnel row.
    if (step.pinsCreditor && step.version === 0)
      throw new Error('a step that directs money is never the first');
    const pin = step.pinsCreditor ? ` and ${creditorPinned(step.after, value)}` : '';
    const ctes = [
      step.version === 0
        ? `funnel as (${this.firstWrite(step, sets, changed, value)})`
        : `funnel as (update payment_funnels f set ${sets.join(', ')} where f.session_id = $1 and f.version = $2${pin}
         returning 1)`,
      `session as (update payment_sessions set payment_status = ${value(session.paymentStatus)},
         payment_step = ${value(session.paymentStep)}, payment_token = ${value(session.paymentToken)},
         user_bank_code = ${value(session.userBankCode)}, user_rut = ${value(session.userRut)}, updated_at = now()${
           step.expiresAt ? `, expires_at = ${value(step.expiresAt)}` : ''
         }
         where id = $1 and exists (select 1 from funnel) returning 1)`,
      `timeline as (insert into payment_timeline (session_id, payment_token, kind, name, bank_code, from_state,
         to_state, outcome, duration_ms)
         select $1, v.payment_token, v.kind, v.name, v.bank_code, v.from_state, v.to_state, v.outcome, v.duration_ms
         from funnel, (values ${timelineValues.join(', ')})
           as v (position, payment_token, kind, name, bank_code, from_state, to_state, outcome, duration_ms)
         order by v.position)`,
    ];
    if (step.claimOrder) {
      // No `on conflict`: a claim held by another session fails the whole statement, so nothing is written.
      ctes.push(`claim as (insert into payment_order_claims (merchant_id, merchant_order_id, session_id)
         select ${value(session.merchantId)}::bigint, ${value(session.merchantOrderId)}::text, $1 from funnel)`);
    }
    if (step.releaseOrder) {
      // Found by its key (the claims have no index on the session): only this session's claim goes.
      ctes.push(`release as (delete from payment_order_claims
         where merchant_id = ${value(session.merchantId)}::bigint and merchant_order_id = ${value(session.merchantOrderId)}::text
           and session_id = $1 and exists (select 1 from funnel))`);
    }
    const results = ['(select count(*) from funnel) as applied'];
    if (alongside.event) {
      const outbox = outboxSql(alongside.event, value, 'funnel', alongside.claim);
      ctes.push(outbox.ctes);
      results.push(...outbox.results);
    }
    const sql = `with ${ctes.join(',\n')}\nselect ${results.join(', ')}`;
    try {
      const [row] = await this.db.query<{
        applied: number | string;
        claimed_delivery?: number | string | null;
      }>(sql, params, {
        name: this.statementName(sql),
      });
      if (Number(row?.applied) !== 1) return { written: 'moved', claimedDelivery: null };
      const claimed = row?.claimed_delivery;
      return {
        written: 'applied',
        claimedDelivery: claimed === null || claimed === undefined ? null : Number(claimed),
      };
    } catch (error) {
      if (isOrderClaimTaken(error)) return { written: 'order_claimed', claimedDelivery: null };
      throw error;
    }
  }

  private statementName(sql: string): string {
    let name = this.statementNames.get(sql);
    if (name === undefined) {
      name = `funnel-step-${createHash('sha1').update(sql).digest('base64url')}`;
      this.statementNames.set(sql, name);
    }
    return name;
  }

  /**
   * A session's first step makes its funnel row: the row as the step leaves it, or, when one is there already
   * (a sweep made it, or another request's first step won), the same update as any step, at version 0.
   */
  private firstWrite(
    step: FunnelStep,
    sets: readonly string[],
    changed: readonly { column: string; parameter: string }[],
    value: (item: unknown) => string,
  ): string {
    const row = [
      { column: 'session_id', parameter: '$1' },
      { column: 'csrf_secret', parameter: value(step.after.funnel.csrfSecret) },
      { column: 'state', parameter: '$3' },
      { column: 'version', parameter: '1' },
      { column: 'login_attempts', parameter: step.countLoginAttempt ? '1' : '0' },
      ...changed,
    ];
    return `insert into payment_funnels as f (${row.map((item) => item.column).join(', ')})
         values (${row.map((item) => item.parameter).join(', ')})
         on conflict (session_id) do update set ${sets.join(', ')} where f.version = $2
         returning 1`;
  }

  async updateTransfer(
    sessionId: number,
    changes: Pick<FunnelChanges, 'transferStatus' | 'bankReference' | 'bankPaymentId' | 'transferCheckAt'>,
  ): Promise<void> {
    await this.db.query(
      `update payment_funnels set transfer_status = coalesce($2, transfer_status),
         bank_reference = coalesce($3, bank_reference), transfer_check_at = coalesce($4, transfer_check_at),
         bank_payment_id = coalesce($5, bank_payment_id), updated_at = now()
       where session_id = $1 and state in ('transferring', 'needs_review')`,
      [
        sessionId,
        changes.transferStatus ?? null,
        changes.bankReference ?? null,
        changes.transferCheckAt ?? null,
        changes.bankPaymentId ?? null,
      ],
    );
  }

  async recordBankCall(entry: BankCallRecord): Promise<void> {
    await this.db.query(
      `insert into payment_timeline (session_id, payment_token, kind, name, bank_code, outcome, duration_ms)
       values ($1, $2, 'bank_call', $3, $4, $5, $6)`,
      [
        entry.sessionId,
        entry.paymentToken,
        entry.operation,
        entry.bankCode,
        entry.outcome,
        Math.round(entry.durationMs),
      ],
    );
  }

  async rememberWidgetOrigin(sessionId: number, origin: string): Promise<void> {
    // The widget opens the payment before any step: this may be what makes the funnel row.
    await this.db.query(
      `insert into payment_funnels as f (session_id, csrf_secret, widget_origin) values ($1, $3, $2)
       on conflict (session_id) do update set widget_origin = $2 where f.widget_origin is distinct from $2`,
      [sessionId, origin, this.csrfSecretOf(sessionId)],
    );
  }

  async leaseTransfersToCheck(limit: number, leaseSeconds: number): Promise<TransferToCheck[]> {
    const rows = await this.db.query<{
      session_id: number;
      bank_code: BankCode;
      payment_token: string;
      transfer_submitted_at: Date;
    }>(
      `with due as (
         select session_id from payment_funnels
         where state in ('transferring', 'needs_review') and transfer_check_at <= now()
         order by transfer_check_at limit $1 for update skip locked)
       update payment_funnels f set transfer_check_at = now() + make_interval(secs => $2)
       from due, payment_sessions s
       where f.session_id = due.session_id and s.id = f.session_id
       returning f.session_id, f.bank_code, s.payment_token, f.transfer_submitted_at`,
      [limit, leaseSeconds],
    );
    return rows.map((row) => ({
      sessionId: Number(row.session_id),
      bankCode: row.bank_code,
      paymentToken: row.payment_token,
      transferSubmittedAt: new Date(row.transfer_submitted_at),
    }));
  }

  async findExpiredSessions(limit: number): Promise<number[]> {
    // Sessions no step has moved have no funnel row: they expire like the others (the step writes the row).
    const rows = await this.db.query<{ id: number }>(
      `select s.id from payment_sessions s left join payment_funnels f on f.session_id = s.id
       where s.payment_status = 'pending' and s.expires_at <= now()
         and (f.state is null or f.state not in ('transferring', 'needs_review'))
       order by s.expires_at limit $1`,
      [limit],
    );
    return rows.map((row) => Number(row.id));
  }
}
