import type { ConcurrentIndex } from '../migration.ts';

export const sql = /* sql */ `
-- Back-office operators. The password hash is self-describing ("scrypt$N$r$p$salt$hash") so its cost can
-- be raised later without a migration.
create table operators (
  id bigint generated always as identity primary key,
  email text not null unique,
  password_hash text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  last_login_at timestamptz
);

-- A session cookie holds a random token; only its SHA-256 is stored, so a database dump opens no session.
create table operator_sessions (
  id bigint generated always as identity primary key,
  token_hash bytea not null unique,
  operator_id bigint not null references operators (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz
);
create index operator_sessions_by_expiry on operator_sessions (expires_at);

create table operator_login_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index operator_login_attempts_by_email on operator_login_attempts (email, attempted_at desc);
create index operator_login_attempts_by_ip on operator_login_attempts (ip, attempted_at desc);

-- Every operator action, append-only.
create table operator_audit_log (
  id bigint generated always as identity primary key,
  operator_id bigint references operators (id),
  operator_email text,
  action text not null,
  target text,
  details jsonb not null default '{}',
  ip text,
  request_id text,
  created_at timestamptz not null default now()
);
create index operator_audit_log_by_time on operator_audit_log (created_at desc, id desc);
`;

// The back-office payment search: newest first, keyset-paginated on (created_at, id), one index per filter
// that can start the search, so every page is an index range scan even at millions of rows. Built
// concurrently: payment_sessions is the big table, and it keeps taking payments during the build.
export const indexes: readonly ConcurrentIndex[] = [
  { name: 'payment_sessions_by_time', definition: 'on payment_sessions (created_at desc, id desc)' },
  {
    name: 'payment_sessions_by_merchant_time',
    definition: 'on payment_sessions (merchant_id, created_at desc, id desc)',
  },
  // A merchant's payments of one status (e.g. its pending ones) stay an index range even when they are rare.
  {
    name: 'payment_sessions_by_merchant_status_time',
    definition: 'on payment_sessions (merchant_id, payment_status, created_at desc, id desc)',
  },
  {
    name: 'payment_sessions_by_status_time',
    definition: 'on payment_sessions (payment_status, created_at desc, id desc)',
  },
  {
    name: 'payment_sessions_by_bank_time',
    definition: 'on payment_sessions (user_bank_code, created_at desc, id desc)',
  },
  {
    name: 'payment_sessions_by_rut_time',
    definition: 'on payment_sessions (user_rut, created_at desc, id desc) where user_rut is not null',
  },
  {
    name: 'payment_sessions_by_order_time',
    definition: 'on payment_sessions (merchant_order_id, created_at desc, id desc)',
  },
];
