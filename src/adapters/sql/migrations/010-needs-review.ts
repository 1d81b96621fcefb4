import type { ConcurrentIndex } from '../migration.ts';

/**
 * A transfer the bank has not seen long after it was sent is no longer given up: it waits in
 * `needs_review` (the bank may still book it, so the order's claim is kept) and the bank keeps being asked,
 * more slowly. The sweep's index covers both states it asks about.
 */
export const sql = /* sql */ `
drop index payment_funnels_transfers_to_check;
`;

// Built concurrently after the drop commits: payment_funnels keeps taking payment steps meanwhile.
export const indexes: readonly ConcurrentIndex[] = [
  {
    name: 'payment_funnels_transfers_to_check',
    definition: "on payment_funnels (transfer_check_at) where state in ('transferring', 'needs_review')",
  },
  {
    name: 'payment_funnels_needs_review',
    definition: "on payment_funnels (updated_at) where state = 'needs_review'",
  },
];
