/**
 * Operator roles and the TOTP second factor. Operators that exist before this migration become admins, so
 * nobody is locked out of what they could already do; an operator added later gets the least role unless
 * one is given.
 */
export const sql = /* sql */ `
alter table operators add column role text not null default 'admin'
  check (role in ('viewer', 'operator', 'admin'));
alter table operators alter column role set default 'viewer';

-- The TOTP secret is sealed with the deployment's key (never stored in clear). The pending secret is the
-- one shown on the enrolment page, kept until a code from it confirms the enrolment. The last accepted time
-- step makes a code good once: a code of that step or an earlier one is refused.
alter table operators add column totp_secret_sealed text;
alter table operators add column totp_pending_secret_sealed text;
alter table operators add column totp_enrolled_at timestamptz;
alter table operators add column totp_last_time_step bigint;

-- A session opened with the password alone is not yet good for the back-office when the operator has a
-- second factor: it becomes so when the code is given.
alter table operator_sessions add column second_factor_at timestamptz;

-- Single-use recovery codes, stored only as a hash.
create table operator_recovery_codes (
  id bigint generated always as identity primary key,
  operator_id bigint not null references operators (id),
  code_hash bytea not null unique,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index operator_recovery_codes_by_operator on operator_recovery_codes (operator_id);
`;
