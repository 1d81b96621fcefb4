import type { BankCode } from '../../domain/banks.ts';
import {
  type FunnelEvent,
  type FunnelState,
  isFinalState,
  statusOf,
  stepAfter,
  transition,
} from '../../domain/payment-state-machine.ts';
import type { Database, SqlExecutor } from '../../ports/database.ts';
import type { PaymentEvents } from '../../ports/payment-events.ts';
import type {
  ApplyOptions,
  ApplyResult,
  BankCallRecord,
  FunnelChanges,
  FunnelRecord,
  FunnelView,
  LockedFunnel,
  PaymentFunnelStore,
  TransferToCheck,
} from '../../ports/payment-funnel-store.ts';
import { randomToken } from '../crypto/random-token.ts';
import { toMerchant } from './sql-merchant-store.ts';
import { SESSION_COLUMNS, toPaymentSession } from './sql-session-store.ts';

const PREFIXED_SESSION_COLUMNS = SESSION_COLUMNS.split(',')
  .map((column) => `s.${column.trim()}`)
  .join(', ');

const VIEW_SQL = `select ${PREFIXED_SESSION_COLUMNS},
    to_jsonb(m.*) - 'api_token_hash' as merchant_json, to_jsonb(f.*) as funnel_json
  from payment_sessions s
  join merchants m on m.id = s.merchant_id
  left join payment_funnels f on f.session_id = s.id`;

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
  };
}

function toView(row: Json): FunnelView {
  const merchant = row.merchant_json as Json;
  return {
    session: toPaymentSession(row as unknown as Parameters<typeof toPaymentSession>[0]),
    merchant: toMerchant({
      ...(merchant as unknown as Parameters<typeof toMerchant>[0]),
      created_at: new Date(String(merchant.created_at)),
      updated_at: new Date(String(merchant.updated_at)),
    }),
    funnel: toFunnel(row.funnel_json as Json),
  };
}

export class SqlPaymentFunnelStore implements PaymentFunnelStore {
  constructor(
    private readonly db: Database,
    private readonly paymentEvents: PaymentEvents,
  ) {}

  async load(sessionToken: string): Promise<FunnelView | null> {
    return this.loadWhere('s.token = $1', sessionToken);
  }

  async loadById(sessionId: number): Promise<FunnelView | null> {
    return this.loadWhere('s.id = $1', sessionId);
  }

  private async loadWhere(condition: string, value: unknown): Promise<FunnelView | null> {
    const [row] = await this.db.query<Json>(`${VIEW_SQL} where ${condition}`, [value]);
    if (!row) return null;
    if (row.funnel_json) return toView(row);
    // First sight of this session in the funnel: its row (and CSRF key) is made now, once.
    const [created] = await this.db.query<{ funnel_json: Json }>(
      `insert into payment_funnels (session_id, csrf_secret) values ($1, $2) on conflict do nothing
       returning to_jsonb(payment_funnels.*) as funnel_json`,
      [row.id, randomToken(43)],
    );
    if (created) return toView({ ...row, funnel_json: created.funnel_json });
    // Another request made it in between: read it.
    const [again] = await this.db.query<Json>(`${VIEW_SQL} where ${condition}`, [value]);
    return again ? toView(again) : null;
  }

  apply(
    sessionId: number,
    event: FunnelEvent | ((locked: LockedFunnel) => FunnelEvent),
    changes: FunnelChanges = {},
    options: ApplyOptions = {},
  ): Promise<ApplyResult> {
    return this.db.transaction(async (tx) => {
      const [locked] = await tx.query<{
        state: FunnelState;
        login_attempts: number;
        payment_token: string | null;
        merchant_id: number;
        merchant_order_id: string;
        bank_code: string | null;
      }>(
        `select f.state, f.login_attempts, f.bank_code, s.payment_token, s.merchant_id, s.merchant_order_id
         from payment_funnels f join payment_sessions s on s.id = f.session_id
         where f.session_id = $1 for update of f`,
        [sessionId],
      );
      if (!locked) throw new Error(`no funnel for session ${sessionId}`);
      const loginAttempts = Number(locked.login_attempts) + (options.countLoginAttempt ? 1 : 0);
      const first = typeof event === 'function' ? event({ state: locked.state, loginAttempts }) : event;

      // The event, then any events chained after it, each checked against the table in turn.
      const steps: { name: FunnelEvent; from: FunnelState; to: FunnelState; changes: FunnelChanges }[] = [];
      let state = locked.state;
      for (const step of [{ event: first, changes }, ...(options.followedBy ?? [])]) {
        const next = transition(state, step.event);
        if (!next) break;
        steps.push({ name: step.event, from: state, to: next, changes: step.changes ?? {} });
        state = next;
      }
      if (steps.length === 0) return { applied: false, state: locked.state, reason: 'not_allowed' };

      if (options.claimOrder) {
        const claimed = await tx.query(
          `insert into payment_order_claims (merchant_id, merchant_order_id, session_id) values ($1, $2, $3)
           on conflict do nothing returning session_id`,
          [locked.merchant_id, locked.merchant_order_id, sessionId],
        );
        if (claimed.length === 0) return { applied: false, state: locked.state, reason: 'order_claimed' };
      }
      if (options.releaseOrder) {
        await tx.query('delete from payment_order_claims where session_id = $1', [sessionId]);
      }

      // The payment_token is born when the payer starts with a bank, and names the payment from then on.
      const paymentToken =
        locked.payment_token ?? (steps.some((step) => step.name === 'choose_bank') ? randomToken(32) : null);
      const final = isFinalState(state);
      const merged: FunnelChanges = Object.assign({}, ...steps.map((step) => step.changes));
      if (final) merged.bankHandleSealed = null;
      const status = statusOf(state);
      const reached = steps.map((step) => stepAfter(step.name)).filter((step) => step !== null);
      const bankCode = merged.bankCode ?? locked.bank_code;

      // One statement writes the funnel, the session and the timeline rows (fewer round trips per step).
      const params: unknown[] = [sessionId, state];
      const value = (item: unknown) => {
        params.push(item);
        return `$${params.length}`;
      };
      const sets = ['state = $2', 'updated_at = now()'];
      if (options.countLoginAttempt) sets.push('login_attempts = login_attempts + 1');
      for (const [key, item] of Object.entries(merged)) {
        const spec = CHANGE_COLUMNS[key as keyof FunnelChanges];
        if (!spec || item === undefined) continue;
        sets.push(`${spec.column} = ${value(spec.json && item !== null ? JSON.stringify(item) : item)}`);
      }
      const sessionSets = `payment_status = ${value(status)},
        payment_step = coalesce(${value(reached.at(-1) ?? null)}, payment_step),
        payment_token = ${value(paymentToken)}, user_bank_code = coalesce(${value(merged.bankCode ?? null)}, user_bank_code),
        user_rut = coalesce(user_rut, ${value(options.userRut ?? null)}), updated_at = now()`;
      const timelineRows = steps.map((step) => {
        const stepReached = stepAfter(step.name);
        const outcome = isFinalState(step.to)
          ? statusOf(step.to)
          : (stepReached ?? step.changes.failureReason ?? null);
        return `($1, ${value(paymentToken)}, 'step', ${value(step.name)}, ${value(bankCode)}, ${value(step.from)},
          ${value(step.to)}, ${value(outcome)}, null::integer)`;
      });
      await tx.query(
        `with funnel as (update payment_funnels set ${sets.join(', ')} where session_id = $1 returning 1),
           session as (update payment_sessions set ${sessionSets} where id = $1 returning 1),
           timeline as (insert into payment_timeline (session_id, payment_token, kind, name, bank_code,
             from_state, to_state, outcome, duration_ms) values ${timelineRows.join(', ')} returning 1)
         select (select count(*) from funnel) as funnels, (select count(*) from session) as sessions`,
        params,
      );
      if (final && paymentToken && status !== 'pending') {
        await this.paymentEvents.recordStatusChange(tx, { sessionId, status });
      }
      return { applied: true, from: locked.state, to: state, paymentToken };
    });
  }

  async updateTransfer(
    sessionId: number,
    changes: Pick<FunnelChanges, 'transferStatus' | 'bankReference' | 'transferCheckAt'>,
  ): Promise<void> {
    await this.db.query(
      `update payment_funnels set transfer_status = coalesce($2, transfer_status),
         bank_reference = coalesce($3, bank_reference), transfer_check_at = coalesce($4, transfer_check_at),
         updated_at = now()
       where session_id = $1 and state = 'transferring'`,
      [
        sessionId,
        changes.transferStatus ?? null,
        changes.bankReference ?? null,
        changes.transferCheckAt ?? null,
      ],
    );
  }

  async recordBankCall(entry: BankCallRecord): Promise<void> {
    await insertTimeline(this.db, {
      sessionId: entry.sessionId,
      paymentToken: entry.paymentToken,
      kind: 'bank_call',
      name: entry.operation,
      bankCode: entry.bankCode,
      fromState: null,
      toState: null,
      outcome: entry.outcome,
      durationMs: Math.round(entry.durationMs),
    });
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
         where state = 'transferring' and transfer_check_at <= now()
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
    // Sessions never opened have no funnel row yet; they get one so that expiring goes through `apply`.
    await this.db.query(
      `insert into payment_funnels (session_id, csrf_secret)
       select s.id, md5(random()::text) from payment_sessions s
       where s.payment_status = 'pending' and s.expires_at <= now()
         and not exists (select 1 from payment_funnels f where f.session_id = s.id)
       limit $1
       on conflict do nothing`,
      [limit],
    );
    const rows = await this.db.query<{ id: number }>(
      `select s.id from payment_sessions s join payment_funnels f on f.session_id = s.id
       where s.payment_status = 'pending' and s.expires_at <= now() and f.state <> 'transferring'
       order by s.expires_at limit $1`,
      [limit],
    );
    return rows.map((row) => Number(row.id));
  }
}

async function insertTimeline(
  executor: SqlExecutor,
  row: {
    sessionId: number;
    paymentToken: string | null;
    kind: 'step' | 'bank_call';
    name: string;
    bankCode: string | null;
    fromState: string | null;
    toState: string | null;
    outcome: string | null;
    durationMs: number | null;
  },
): Promise<void> {
  await executor.query(
    `insert into payment_timeline (session_id, payment_token, kind, name, bank_code, from_state, to_state,
       outcome, duration_ms)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      row.sessionId,
      row.paymentToken,
      row.kind,
      row.name,
      row.bankCode,
      row.fromState,
      row.toState,
      row.outcome,
      row.durationMs,
    ],
  );
}
