import type { ConcurrentIndex } from '../migration.ts';

/**
 * The first half of narrowing `payment_sessions`' indexes (migration 19 drops what these replace): every
 * index of the table takes an entry at each session create, and again at each funnel step that cannot be a
 * heap-only update, so each one the searches do not need is paid on the merchant API's hot path.
 *
 * - One order index for both readers: the merchant API looks an order up by (merchant, order id), the
 *   back-office by order id alone, and an order id has a handful of sessions, so both are a short range of
 *   `(merchant_order_id, merchant_id, id desc)` (it replaces `payment_sessions_by_order` and
 *   `payment_sessions_by_order_time`).
 * - The payment token's uniqueness on the sessions that have one: a session is created without it (it is
 *   minted when the payer starts with a bank), and a plain unique index takes an entry for every NULL.
 * - Failed payments, newest first, for the back-office's "status: error" search: partial, so a session takes
 *   an entry only when it fails (never at create), and a search for a rare status across all merchants stays
 *   a short range instead of a walk of the time index (it replaces `payment_sessions_by_status_time` for the
 *   one status that is rare and searched for; the common ones are found quickly on the time index).
 *
 * Built concurrently, before anything is dropped, so lookups and the uniqueness guarantee are never without
 * an index.
 */
export const sql = '';

export const indexes: readonly ConcurrentIndex[] = [
  {
    name: 'payment_sessions_by_order_id',
    definition: 'on payment_sessions (merchant_order_id, merchant_id, id desc)',
  },
  {
    name: 'payment_sessions_by_payment_token',
    definition: 'on payment_sessions (payment_token) where payment_token is not null',
    unique: true,
  },
  {
    name: 'payment_sessions_failed_by_time',
    definition: "on payment_sessions (created_at desc, id desc) where payment_status = 'error'",
  },
];
