/**
 * Order policy per merchant (DESIGN §2.1). By default, as the original protocol does, one
 * `merchant_order_id` may be paid several times (a ticket shop sends the event's id for every ticket).
 * `one_payment_per_order` turns on the guarantee that an order is paid at most once.
 *
 * Merchants that exist before this migration had that guarantee, and their integrations may rely on the
 * 409 it gives: they keep it (set to true here). Merchants created from now on start with the default.
 *
 * The unique index "one success per order" goes: it would forbid the default policy. For a merchant with
 * one payment per order the guarantee is the order's claim (`payment_order_claims`, one row per order,
 * taken in the statement that moves a payment to `transferring` and kept once it succeeds), which no two
 * sessions can hold at once.
 */
export const sql = /* sql */ `
alter table merchants add column one_payment_per_order boolean not null default true;
alter table merchants alter column one_payment_per_order set default false;
drop index payment_sessions_one_success_per_order;
`;
