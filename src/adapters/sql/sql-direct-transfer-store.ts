import type { BankCode } from '../../domain/banks.ts';
import type { AccountType, CollectingAccount, Movement } from '../../domain/direct-transfer.ts';
import type { ReviewReason } from '../../domain/movement-matching.ts';
import type { Rut } from '../../domain/rut.ts';
import type { Database } from '../../ports/database.ts';
import type {
  DirectTransferCandidate,
  DirectTransferStore,
  InitiatedTransfer,
  MovementSource,
  MovementStatus,
  MovementTotals,
  StatementImport,
  StoredMovement,
} from '../../ports/direct-transfer-store.ts';

type Row = Record<string, unknown>;

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

function toMovement(row: Row): Movement {
  return {
    id: String(row.movement_id),
    date: String(row.booked_on_text),
    amount: Number(row.amount),
    description: String(row.description),
    payerRut: text(row.payer_rut) as Rut | null,
    payerName: text(row.payer_name),
    payerBank: text(row.payer_bank),
  };
}

function toStoredMovement(row: Row): StoredMovement {
  return {
    ...toMovement(row),
    rowId: Number(row.id),
    merchantId: Number(row.merchant_id),
    status: row.status as MovementStatus,
    reviewReason: (row.review_reason as ReviewReason | null) ?? null,
    sessionId: row.session_id === null ? null : Number(row.session_id),
    receivedAt: new Date(row.received_at as string),
  };
}

const MOVEMENT_COLUMNS = `id, merchant_id, movement_id, to_char(booked_on, 'YYYY-MM-DD') as booked_on_text, amount,
  description, payer_rut, payer_name, payer_bank, status, review_reason, session_id, received_at`;

function isReferenceTaken(error: unknown): boolean {
  const fields = error as { code?: unknown; constraint?: unknown };
  return fields?.code === '23505' && fields.constraint === 'direct_transfers_merchant_id_reference_key';
}

export function toCollectingAccount(row: Row): CollectingAccount {
  return {
    merchantId: Number(row.merchant_id),
    bankCode: row.bank_code as BankCode,
    accountType: row.account_type as AccountType,
    accountNumber: String(row.account_number),
    holderName: String(row.holder_name),
    holderRut: row.holder_rut as Rut,
    notificationEmail: String(row.notification_email),
    enabled: Boolean(row.enabled),
    windowHours: Number(row.window_hours),
  };
}

export class SqlDirectTransferStore implements DirectTransferStore {
  constructor(private readonly db: Database) {}

  async collectingAccount(merchantId: number): Promise<CollectingAccount | null> {
    const [row] = await this.db.query<Row>('select * from collecting_accounts where merchant_id = $1', [
      merchantId,
    ]);
    return row ? toCollectingAccount(row) : null;
  }

  async enabledCollectingAccounts(environment: 'sandbox' | 'production'): Promise<CollectingAccount[]> {
    const rows = await this.db.query<Row>(
      `select a.* from collecting_accounts a join merchants m on m.id = a.merchant_id
       where a.enabled and m.active and m.environment = $1 order by a.merchant_id`,
      [environment],
    );
    return rows.map(toCollectingAccount);
  }

  async unseenMovementIds(merchantId: number, ids: readonly string[]): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `select id from unnest($2::text[]) as given (id)
       where not exists (select 1 from statement_movements m where m.merchant_id = $1 and m.movement_id = given.id)`,
      [merchantId, [...ids]],
    );
    return rows.map((row) => row.id);
  }

  async saveCollectingAccount(account: CollectingAccount): Promise<void> {
    await this.db.query(
      `insert into collecting_accounts (merchant_id, bank_code, account_type, account_number, holder_name,
         holder_rut, notification_email, enabled, window_hours)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (merchant_id) do update set bank_code = excluded.bank_code,
         account_type = excluded.account_type, account_number = excluded.account_number,
         holder_name = excluded.holder_name, holder_rut = excluded.holder_rut,
         notification_email = excluded.notification_email, enabled = excluded.enabled,
         window_hours = excluded.window_hours, updated_at = now()`,
      [
        account.merchantId,
        account.bankCode,
        account.accountType,
        account.accountNumber,
        account.holderName,
        account.holderRut,
        account.notificationEmail,
        account.enabled,
        account.windowHours,
      ],
    );
  }

  async openDirectTransfer(
    session: { id: number; merchantId: number },
    windowEndsAt: Date,
    newReference: () => string,
  ): Promise<{ reference: string; windowEndsAt: Date }> {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await this.db.query(
          `insert into direct_transfers (session_id, merchant_id, reference, window_ends_at)
           values ($1, $2, $3, $4) on conflict (session_id) do nothing`,
          [session.id, session.merchantId, newReference(), windowEndsAt],
        );
        const opened = await this.directTransferOf(session.id);
        if (opened) return opened;
      } catch (error) {
        if (!isReferenceTaken(error)) throw error;
      }
    }
    throw new Error(`session ${session.id}: no free direct-transfer reference after 10 draws`);
  }

  async directTransferOf(sessionId: number): Promise<{ reference: string; windowEndsAt: Date } | null> {
    const [row] = await this.db.query<Row>(
      'select reference, window_ends_at from direct_transfers where session_id = $1',
      [sessionId],
    );
    return row
      ? { reference: String(row.reference), windowEndsAt: new Date(row.window_ends_at as string) }
      : null;
  }

  async recordMovements(
    merchantId: number,
    movements: readonly Movement[],
    source: MovementSource,
  ): Promise<{ importId: number; fresh: number }> {
    const file = source.kind === 'file' ? source : null;
    return this.db.transaction(async (tx) => {
      const [created] = await tx.query<{ id: number }>(
        `insert into statement_imports (merchant_id, source, file_name, file_sha256, layout, movements)
         values ($1, $2, $3, $4, $5, $6) returning id`,
        [
          merchantId,
          source.kind,
          file?.fileName ?? null,
          file?.sha256 ?? null,
          file?.layout ?? null,
          movements.length,
        ],
      );
      const importId = Number(created?.id);
      let fresh = 0;
      // One statement per chunk: a statement file of thousands of rows stays a few round trips.
      for (let start = 0; start < movements.length; start += 500) {
        const chunk = movements.slice(start, start + 500);
        const inserted = await tx.query(
          `insert into statement_movements (merchant_id, movement_id, booked_on, amount, description, payer_rut,
             payer_name, payer_bank, import_id)
           select $1, m.id, m.date::date, m.amount, m.description, m.payer_rut, m.payer_name, m.payer_bank, $2
           from jsonb_to_recordset($3::jsonb) as m (id text, date text, amount bigint, description text,
             payer_rut text, payer_name text, payer_bank text)
           on conflict (merchant_id, movement_id) do nothing
           returning 1`,
          [
            merchantId,
            importId,
            JSON.stringify(
              chunk.map((movement) => ({
                id: movement.id,
                date: movement.date,
                amount: movement.amount,
                description: movement.description,
                payer_rut: movement.payerRut,
                payer_name: movement.payerName,
                payer_bank: movement.payerBank,
              })),
            ),
          ],
        );
        fresh += inserted.length;
      }
      await tx.query('update statement_imports set new_movements = $2 where id = $1', [importId, fresh]);
      return { importId, fresh };
    });
  }

  async undecidedMovements(merchantId: number, limit: number): Promise<Movement[]> {
    const rows = await this.db.query<Row>(
      `select ${MOVEMENT_COLUMNS} from statement_movements where merchant_id = $1 and status = 'received'
       order by id limit $2`,
      [merchantId, limit],
    );
    return rows.map(toMovement);
  }

  async candidates(merchantId: number, references: readonly string[]): Promise<DirectTransferCandidate[]> {
    const rows = await this.db.query<Row>(
      `select d.session_id, d.reference, s.order_amount, s.user_rut, s.payment_status, f.state, f.bank_reference
       from direct_transfers d
       join payment_sessions s on s.id = d.session_id
       join payment_funnels f on f.session_id = d.session_id
       where d.merchant_id = $1 and (f.state = 'awaiting_transfer' or d.reference = any($2::text[]))`,
      [merchantId, [...references]],
    );
    return rows.map((row) => {
      const paid = row.payment_status === 'success';
      return {
        sessionId: Number(row.session_id),
        reference: String(row.reference),
        amount: Number(row.order_amount),
        payerRut: text(row.user_rut),
        standing: row.state === 'awaiting_transfer' ? 'open' : paid ? 'paid' : 'closed',
        paidByMovementId: paid ? text(row.bank_reference) : null,
      };
    });
  }

  async initiatedTransfers(
    merchantId: number,
    search: { orderIds: readonly string[]; amounts: readonly number[]; since: Date },
  ): Promise<InitiatedTransfer[]> {
    if (search.orderIds.length === 0 && search.amounts.length === 0) return [];
    // Two index ranges: by order id (the latest sessions of each, as a ticket shop may send one order id
    // for thousands), and by creation time (a session is paid within its lifetime: a day of margin).
    const rows = await this.db.query<Row>(
      `select s.id, s.payment_token, s.order_amount, s.user_rut, f.transfer_submitted_at, f.state
       from payment_sessions s join payment_funnels f on f.session_id = s.id
       where s.id in (
           select latest.id from unnest($2::text[]) as o (order_id)
           cross join lateral (
             select id from payment_sessions
             where merchant_id = $1 and merchant_order_id = o.order_id order by id desc limit 20
           ) latest
           union
           select id from payment_sessions
           where merchant_id = $1 and created_at > $3::timestamptz - interval '1 day'
             and order_amount = any($4::bigint[])
         )
         and s.payment_token is not null and f.bank_code is not null and f.transfer_submitted_at is not null`,
      [merchantId, [...search.orderIds], search.since, [...search.amounts]],
    );
    return rows.map((row) => ({
      sessionId: Number(row.id),
      paymentToken: String(row.payment_token),
      amount: Number(row.order_amount),
      payerRut: text(row.user_rut),
      submittedAt: new Date(row.transfer_submitted_at as string),
      mayHaveMoved: ['succeeded', 'transferring', 'needs_review'].includes(String(row.state)),
    }));
  }

  async decide(
    merchantId: number,
    movementId: string,
    decision: {
      status: 'matched' | 'review' | 'unmatched' | 'initiated';
      reason: ReviewReason | null;
      sessionId: number | null;
    },
  ): Promise<boolean> {
    const rows = await this.db.query(
      `update statement_movements set status = $3, review_reason = $4, session_id = $5, decided_at = now()
       where merchant_id = $1 and movement_id = $2 and status = 'received' returning 1`,
      [merchantId, movementId, decision.status, decision.reason, decision.sessionId],
    );
    return rows.length === 1;
  }

  async finishImport(importId: number, counts: MovementTotals): Promise<void> {
    await this.db.query(
      'update statement_imports set matched = $2, to_review = $3, initiated = $4 where id = $1',
      [importId, counts.matched, counts.toReview, counts.initiated],
    );
  }

  async reviewQueue(limit: number): Promise<StoredMovement[]> {
    const rows = await this.db.query<Row>(
      `select ${MOVEMENT_COLUMNS} from statement_movements where status = 'review' order by received_at, id
       limit $1`,
      [limit],
    );
    return rows.map(toStoredMovement);
  }

  async movement(rowId: number): Promise<StoredMovement | null> {
    const [row] = await this.db.query<Row>(
      `select ${MOVEMENT_COLUMNS} from statement_movements where id = $1`,
      [rowId],
    );
    return row ? toStoredMovement(row) : null;
  }

  async resolveReview(
    rowId: number,
    resolution: { status: 'matched'; sessionId: number } | { status: 'refunded' | 'dismissed' },
  ): Promise<boolean> {
    const rows = await this.db.query(
      `update statement_movements set status = $2, session_id = coalesce($3, session_id), decided_at = now()
       where id = $1 and status = 'review' returning 1`,
      [rowId, resolution.status, resolution.status === 'matched' ? resolution.sessionId : null],
    );
    return rows.length === 1;
  }

  async imports(merchantId: number, limit: number): Promise<StatementImport[]> {
    const rows = await this.db.query<Row>(
      'select * from statement_imports where merchant_id = $1 order by id desc limit $2',
      [merchantId, limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      merchantId: Number(row.merchant_id),
      source: row.source as StatementImport['source'],
      fileName: text(row.file_name),
      layout: text(row.layout),
      movements: Number(row.movements),
      newMovements: Number(row.new_movements),
      matched: Number(row.matched),
      toReview: Number(row.to_review),
      initiated: Number(row.initiated),
      createdAt: new Date(row.created_at as string),
    }));
  }
}
