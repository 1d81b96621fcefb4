export const sql = /* sql */ `
create table merchants (
  id bigint generated always as identity primary key,
  code text not null unique,
  name text not null,
  environment text not null check (environment in ('sandbox', 'production')),
  api_token_hash bytea not null unique,
  completed_url text,
  cancellation_url text,
  webhook_url text,
  frame_origins text[] not null default '{}',
  amount_limit bigint not null check (amount_limit > 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table payment_sessions (
  id bigint generated always as identity primary key,
  token text not null unique,
  merchant_id bigint not null references merchants (id),
  merchant_order_id text not null,
  order_amount bigint not null check (order_amount > 0),
  customer_email text,
  user_bank_code text,
  user_rut text,
  is_rut_block boolean not null default false,
  metadata jsonb not null default '[]',
  completed_url text,
  cancellation_url text,
  webhook_url text,
  concat text not null default '&',
  signature_token_sealed text not null,
  payment_token text unique,
  payment_status text not null default 'pending'
    check (payment_status in ('pending', 'success', 'error', 'cancelled', 'expired')),
  payment_step text not null default 'created',
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index payment_sessions_by_order on payment_sessions (merchant_id, merchant_order_id, id desc);

-- The last line of defence for "at most one successful payment per order".
create unique index payment_sessions_one_success_per_order
  on payment_sessions (merchant_id, merchant_order_id) where payment_status = 'success';
`;
