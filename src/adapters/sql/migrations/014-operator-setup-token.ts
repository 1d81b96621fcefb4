/**
 * The one-time link that creates the first operator from the browser (`/admin/setup?token=…`), printed by
 * `puente serve` while the deployment has no operator. Only the token's SHA-256 is kept. There is at most
 * one row: each start replaces it, so a link printed by an earlier start (or left in an old log) stops
 * working; using it deletes it.
 */
export const sql = /* sql */ `
create table operator_setup_tokens (
  singleton boolean primary key default true check (singleton),
  token_hash bytea not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
`;
