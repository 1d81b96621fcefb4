/**
 * Credits of payments Puente initiated (credentials flow, open finance) land in the merchant's collecting
 * account, the account direct transfers are reconciled in: such a movement gets its own status,
 * `initiated` (linked to its payment when found), never `matched` to a direct transfer nor counted as an
 * ordinary credit; each import counts them. The new check admits every value the old one did, so no row
 * can break it.
 */
export const sql = /* sql */ `
alter table statement_movements drop constraint statement_movements_status_check;
alter table statement_movements add constraint statement_movements_status_check
  check (status in ('received', 'matched', 'review', 'unmatched', 'initiated', 'refunded', 'dismissed'));
alter table statement_imports add column initiated integer not null default 0;
`;
