/**
 * Direct transfer (issue 11, docs/direct-transfer.md): the merchant's collecting account, the reference of
 * each direct-transfer payment, and the movements of the merchant's statement with what became of each one
 * (matched to a payment, waiting in the review queue, or an ordinary credit), plus the history of imports.
 */
export const sql = /* sql */ `
create table collecting_accounts (
  merchant_id bigint primary key references merchants (id),
  bank_code text not null,
  account_type text not null check (account_type in ('corriente', 'vista', 'ahorro', 'rut')),
  account_number text not null,
  holder_name text not null,
  holder_rut text not null,
  notification_email text not null,
  enabled boolean not null default true,
  window_hours integer not null default 48 check (window_hours between 1 and 720),
  updated_at timestamptz not null default now()
);

-- One row per session whose payer chose direct transfer: the reference the payer writes in the comment.
-- Unique per merchant for good, so that a late transfer still names its payment without doubt.
create table direct_transfers (
  session_id bigint primary key references payment_sessions (id),
  merchant_id bigint not null references merchants (id),
  reference text not null,
  window_ends_at timestamptz not null,
  created_at timestamptz not null default now(),
  unique (merchant_id, reference)
);

-- Each delivery of movements: an API call, a statement file, or a poll of the sandbox bank's statement.
create table statement_imports (
  id bigint generated always as identity primary key,
  merchant_id bigint not null references merchants (id),
  source text not null check (source in ('api', 'file', 'simulator')),
  file_name text,
  file_sha256 text,
  layout text,
  movements integer not null default 0,
  new_movements integer not null default 0,
  matched integer not null default 0,
  to_review integer not null default 0,
  created_at timestamptz not null default now()
);
create index statement_imports_by_merchant on statement_imports (merchant_id, id desc);

-- Credits of a merchant's statement, once each by the bank's own movement id (idempotent ingestion).
-- status: received (not decided yet), matched (pays session_id), review (waits for an operator),
-- unmatched (not Puente's), and an operator's ending of a review: refunded (by hand) or dismissed.
create table statement_movements (
  id bigint generated always as identity primary key,
  merchant_id bigint not null references merchants (id),
  movement_id text not null,
  booked_on date not null,
  amount bigint not null check (amount > 0),
  description text not null default '',
  payer_rut text,
  payer_name text,
  payer_bank text,
  import_id bigint references statement_imports (id),
  status text not null default 'received'
    check (status in ('received', 'matched', 'review', 'unmatched', 'refunded', 'dismissed')),
  review_reason text,
  session_id bigint references payment_sessions (id),
  received_at timestamptz not null default now(),
  decided_at timestamptz,
  unique (merchant_id, movement_id)
);
-- A payment is paid by one movement at most.
create unique index statement_movements_one_per_payment on statement_movements (session_id)
  where status = 'matched';
create index statement_movements_to_review on statement_movements (received_at) where status = 'review';
create index statement_movements_undecided on statement_movements (merchant_id) where status = 'received';
`;
