/**
 * Merchant API rate limits for the deployment, not per process: one token bucket per key (a merchant, or a
 * client address for failed authentications), refilled by time. Instances lease a few tokens at a time, so
 * the bucket row is written once per lease, not once per request.
 */
export const sql = /* sql */ `
create table api_rate_buckets (
  key text primary key,
  tokens double precision not null,
  last_grant integer not null,
  updated_at timestamptz not null default now()
);
`;
