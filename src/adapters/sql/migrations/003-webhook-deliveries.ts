/**
 * Webhook notifications (DESIGN §5): the outbox of events, one delivery per event and webhook URL, and every
 * attempt made. The delivery row is the truth about a delivery: pending → delivering → delivered / failed
 * (or skipped, with the reason, when there is nothing to send to). Workers claim due rows with
 * `for update skip locked` and hold them under a lease, so any number of workers can share the table and a
 * worker that dies mid-attempt gives its rows back when the lease runs out.
 */
export const sql = /* sql */ `
create table webhook_events (
  id bigint generated always as identity primary key,
  session_id bigint not null references payment_sessions (id),
  payment_status text not null check (payment_status in ('success', 'error', 'cancelled', 'expired')),
  -- Signed once: every retry and every resend sends these same bytes, with this jti.
  jti text not null unique,
  jwt text not null,
  created_at timestamptz not null default now(),
  unique (session_id, payment_status)
);

create table webhook_deliveries (
  id bigint generated always as identity primary key,
  event_id bigint not null references webhook_events (id),
  url text,
  status text not null
    check (status in ('pending', 'delivering', 'delivered', 'failed', 'skipped')),
  skip_reason text check (skip_reason in ('no_payment_token', 'no_webhook_url')),
  failure_reason text check (failure_reason in ('gone', 'exhausted', 'url_not_allowed')),
  -- Attempts made since the last (re)send: the position in the retry schedule.
  schedule_step integer not null default 0,
  attempt_count integer not null default 0,
  next_attempt_at timestamptz,
  lease_expires_at timestamptz,
  claim_token text,
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'skipped') = (skip_reason is not null)),
  check (status = 'skipped' or url is not null)
);

create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_leased on webhook_deliveries (lease_expires_at) where status = 'delivering';
create index webhook_deliveries_failed on webhook_deliveries (id) where status = 'failed';
create index webhook_deliveries_by_event on webhook_deliveries (event_id);

create table webhook_attempts (
  id bigint generated always as identity primary key,
  delivery_id bigint not null references webhook_deliveries (id),
  attempted_at timestamptz not null,
  status_code integer,
  latency_ms integer not null,
  error text,
  -- The first bytes of the answer, as text, for the operator.
  response_excerpt text
);

create index webhook_attempts_by_delivery on webhook_attempts (delivery_id, id);
`;
