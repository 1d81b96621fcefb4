/**
 * The second half of migration 22: the unique `(parent, id)` indexes become the primary keys, and the
 * indexes they replace (the keys on `id` alone and the plain `(parent, id)` indexes) are dropped. `id` stays
 * an identity column, unique by construction. The parent columns are `not null` already, so taking an index
 * as primary key checks nothing row by row: the lock is held for a rename and two drops.
 */
export const sql = /* sql */ `
alter table payment_timeline drop constraint payment_timeline_pkey;
alter table payment_timeline add constraint payment_timeline_pkey
  primary key using index payment_timeline_session_key;
drop index payment_timeline_by_session;

alter table webhook_attempts drop constraint webhook_attempts_pkey;
alter table webhook_attempts add constraint webhook_attempts_pkey
  primary key using index webhook_attempts_delivery_key;
drop index webhook_attempts_by_delivery;
`;
