/**
 * The second half of migration 18: drops the indexes it replaced, and the bank-only and status-only search
 * indexes, which no search plan used at a million payments (docs/back-office.md): each bank and each common
 * status is a large share of the payments, so such a search finds its page within a few hundred rows of
 * `payment_sessions_by_time`; the rare one, `error`, has its own partial index (migration 18), and a
 * merchant's rare status keeps `payment_sessions_by_merchant_status_time`. A session create now writes eight
 * index entries (seven without a RUT) instead of twelve.
 *
 * Also `payment_timeline_by_payment_token`: no query reads the timeline by payment token (the back-office
 * finds a payment by its token in `payment_sessions`, then reads its timeline by session), yet every timeline
 * row, several a payment, took an entry in it; at a few million payments it was the largest index of the
 * database.
 */
export const sql = /* sql */ `
alter table payment_sessions drop constraint payment_sessions_payment_token_key;
drop index payment_sessions_by_order;
drop index payment_sessions_by_order_time;
drop index payment_sessions_by_status_time;
drop index payment_sessions_by_bank_time;
drop index payment_timeline_by_payment_token;
`;
