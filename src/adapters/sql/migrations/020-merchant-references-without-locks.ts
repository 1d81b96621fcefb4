/**
 * A foreign key makes every insert of a child row lock its parent row `for key share`. Every session of a
 * merchant, and every order claim, has the same parent: the merchant's row. Under load those locks pile up on
 * one row, PostgreSQL records them as a multixact, and the session create (the merchant API's hot path) spent
 * about a fifth of its database time there: 270 µs of PostgreSQL CPU per insert with the key, 215 without
 * (pgbench, 8 clients, docs/performance.md).
 *
 * The two hot references go; what they guaranteed stays guaranteed another way. A merchant is suspended,
 * never deleted (`manage-merchants.ts`), and its id is an identity column PostgreSQL does not let anyone
 * change, so a reference to a merchant can only dangle if the merchant's row is deleted: the trigger below
 * refuses that, for every table at once. The references of the rarely written direct-transfer tables stay.
 */
export const sql = /* sql */ `
alter table payment_sessions drop constraint payment_sessions_merchant_id_fkey;
alter table payment_order_claims drop constraint payment_order_claims_merchant_id_fkey;

create function merchants_are_never_deleted() returns trigger language plpgsql as $$
begin
  raise exception 'merchant % cannot be deleted: suspend it instead (its payments refer to it)', old.code
    using errcode = 'restrict_violation';
end
$$;
create trigger merchants_are_never_deleted before delete on merchants
  for each row execute function merchants_are_never_deleted();
`;
