/**
 * The reference endpoint's own tables, created by the bench before the reference server starts (on
 * PostgreSQL and on PGlite). They hold only what the work needs: a primary key and a unique token, and no
 * secondary index, foreign key or check, so the reference pays the floor of a durable insert and not
 * whatever Puente's own `payment_sessions` costs (that cost is what the comparison is meant to show).
 */
export const REFERENCE_SCHEMA = `
  create table reference_merchants (
    id bigint generated always as identity primary key,
    api_token_hash bytea not null unique
  );
  create table reference_sessions (
    id bigint generated always as identity primary key,
    token text not null unique,
    merchant_id bigint not null,
    merchant_order_id text not null,
    order_amount bigint not null,
    created_at timestamptz not null default now()
  );
`;
