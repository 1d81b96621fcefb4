/**
 * A version number on each funnel row, raised by every change. A step is written in one statement that
 * applies only if the row is still at the version the step was decided on (compare-and-set); a step that
 * lost a race reads the row again and is decided anew. This replaces the row lock held across a
 * transaction, so a step is one round trip to the database instead of four.
 */
export const sql = /* sql */ `
alter table payment_funnels add column version integer not null default 0;
`;
