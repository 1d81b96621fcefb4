/**
 * The second half of migration 18: drops the indexes it replaced, and two search indexes that no search plan
 * used (measured at a million payments, docs/performance.md): a search by status alone or by bank alone
 * walks `payment_sessions_by_time`, since each status or bank is a large share of the rows; a merchant's
 * rare status keeps `payment_sessions_by_merchant_status_time`. A session create now writes eight index
 * entries (seven without a RUT) instead of twelve.
 */
export const sql = /* sql */ `
alter table payment_sessions drop constraint payment_sessions_payment_token_key;
drop index payment_sessions_by_order;
drop index payment_sessions_by_order_time;
drop index payment_sessions_by_status_time;
drop index payment_sessions_by_bank_time;
`;
