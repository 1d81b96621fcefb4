/**
 * When a webhook is attempted (DESIGN §5). The schedule lists the wait before each attempt: the first entry
 * is the wait before the first attempt (0, at once), entry k the wait after the k-th failure. Its length is
 * the number of attempts; after the last one fails the delivery is failed.
 */
export const DEFAULT_RETRY_SCHEDULE = '0,5s,5m,30m,2h,5h,10h,14h,20h,24h';

/** The longest `Retry-After` obeyed: a receiver cannot park a delivery for longer than a day per attempt. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `0,5s,5m,2h` (units ms, s, m, h, d; a bare number is seconds) into milliseconds. */
export function parseRetrySchedule(text: string): number[] {
  const entries = text.split(',').map((entry) => entry.trim());
  const delays = entries.map((entry) => {
    const match = entry.match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/);
    if (!match?.[1]) throw new Error(`"${entry}" is not a duration like 0, 250ms, 5s, 5m, 2h or 1d`);
    return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000));
  });
  if (delays.length === 0) throw new Error('the schedule needs at least one attempt');
  return delays;
}

/** `delay` moved at random by up to ±`jitter` (0.1 = ±10 %), so retries of many deliveries spread out. */
export function withJitter(delayMs: number, jitter: number, random: () => number = Math.random): number {
  if (delayMs === 0 || jitter === 0) return delayMs;
  return Math.max(0, Math.round(delayMs * (1 + jitter * (2 * random() - 1))));
}

/** A `Retry-After` header (seconds, or an HTTP date) in milliseconds from `now`, capped; null if absent or bad. */
export function parseRetryAfter(header: string | undefined, now: Date): number | null {
  if (!header) return null;
  const text = header.trim();
  let delay: number;
  if (/^\d+$/.test(text)) delay = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return null;
    delay = date - now.getTime();
  }
  return Math.min(Math.max(0, delay), MAX_RETRY_AFTER_MS);
}
