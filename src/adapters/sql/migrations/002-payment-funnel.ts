import type { ConcurrentIndex } from '../migration.ts';

/**
 * The payment funnel (issue 3): where each session stands, the order-level transfer claim, and the
 * timeline of every step and bank call. Nothing here ever holds a bank password, code or coordinate.
 */
export const sql = /* sql */ `
create table payment_funnels (
  session_id bigint primary key references payment_sessions (id),
  state text not null default 'choosing_bank',
  bank_code text,
  -- The bank's session handle, sealed by the SecretBox; cleared when the payment ends.
  bank_handle_sealed text,
  -- What the bank asked for after login: {"kind":"code","length":6}, {"kind":"coordinates","positions":[..]}.
  challenge jsonb,
  -- The payer's accounts as the bank listed them: [{"id","last4","type"}] (no balances).
  accounts jsonb,
  account_id text,
  account_last4 text,
  account_type text,
  holder_name text,
  -- The RUT typed at the last failed login (not a secret), to prefill the next try.
  login_rut text,
  login_attempts integer not null default 0,
  -- Why the last attempt or the payment failed, as a stable code shown to the payer in words.
  failure_reason text,
  -- Per-session key of the CSRF tokens (HMAC of the browser's cookie).
  csrf_secret text not null,
  transfer_submitted_at timestamptz,
  transfer_status text check (transfer_status in ('submitted', 'pending', 'completed', 'rejected', 'lost')),
  bank_reference text,
  -- When the recovery sweep should next ask the bank about the transfer (also a lease between sweepers).
  transfer_check_at timestamptz,
  updated_at timestamptz not null default now()
);

create index payment_funnels_transfers_to_check on payment_funnels (transfer_check_at)
  where state = 'transferring';

-- One row per (merchant, order) while a transfer for it is in flight or done: taken in the same transaction
-- that records the transfer intent, before the bank is called, so two sessions of one order can never both
-- send money. Released only when the bank rejected the transfer (or never received it).
create table payment_order_claims (
  merchant_id bigint not null references merchants (id),
  merchant_order_id text not null,
  session_id bigint not null references payment_sessions (id),
  claimed_at timestamptz not null default now(),
  primary key (merchant_id, merchant_order_id)
);

-- Every funnel step and every bank call of a session, in order. Read by the back-office timeline.
create table payment_timeline (
  id bigint generated always as identity primary key,
  session_id bigint not null references payment_sessions (id),
  payment_token text,
  kind text not null check (kind in ('step', 'bank_call')),
  -- step: the state machine event (choose_bank, login_succeeded, ...); bank_call: the port method.
  name text not null,
  bank_code text,
  from_state text,
  to_state text,
  -- step: the new payment_step / status; bank_call: the bank's outcome (ok, wrong_password, completed...).
  outcome text,
  duration_ms integer,
  created_at timestamptz not null default now()
);

create index payment_timeline_by_session on payment_timeline (session_id, id);
create index payment_timeline_by_payment_token on payment_timeline (payment_token, id);
`;

// On payment_sessions, the big table of 001: built concurrently, so it keeps taking payments meanwhile.
export const indexes: readonly ConcurrentIndex[] = [
  {
    name: 'payment_sessions_pending_expiry',
    definition: "on payment_sessions (expires_at) where payment_status = 'pending'",
  },
];
