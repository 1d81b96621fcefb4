/**
 * Failed bank logins across sessions (DESIGN §10, rate limits on bank logins). Anyone can get new sessions
 * through a shop's public checkout, so a per-session limit alone would let Puente be used to try stolen
 * passwords against the banks. Each wrong password, and each login held back, is a row: the RUT only as a
 * keyed digest (never in clear), the bank, the client address. Counted over a short window, pruned after it.
 */
export const sql = /* sql */ `
create table bank_login_attempts (
  id bigserial primary key,
  bank_code text not null,
  rut_digest bytea not null,
  client_address text not null,
  outcome text not null check (outcome in ('wrong_password', 'held_back')),
  attempted_at timestamptz not null default now()
);
create index bank_login_attempts_by_rut on bank_login_attempts (rut_digest, bank_code, attempted_at)
  where outcome = 'wrong_password';
create index bank_login_attempts_by_address on bank_login_attempts (client_address, attempted_at)
  where outcome = 'wrong_password';
create index bank_login_attempts_by_time on bank_login_attempts (attempted_at);
`;
