import { parseRetryAfter, withJitter } from './retry-schedule.ts';

/** A delivery's states; the row in `webhook_deliveries` is the truth. */
export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Why a delivery was never attempted. */
export type SkipReason = 'no_payment_token' | 'no_webhook_url';

/** Why a delivery stopped without success. */
export type FailureReason = 'gone' | 'exhausted' | 'url_not_allowed';

/** What one attempt found. `statusCode` is null when no answer came (refused, timeout, blocked address). */
export interface AttemptResult {
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string | null;
  retryAfterHeader?: string | undefined;
  /** The URL may never be used under the safety rules (e.g. http in production): retrying cannot help. */
  permanentlyRefused?: boolean;
}

export type AttemptOutcome =
  | { status: 'delivered' }
  | { status: 'failed'; reason: FailureReason }
  | { status: 'pending'; nextAttemptAt: Date };

/**
 * What a delivery becomes after an attempt: any 2xx is delivered; 410 Gone stops; otherwise the next wait
 * in the schedule (with jitter), or at least what `Retry-After` asks; after the last attempt, failed.
 * `attemptsMade` counts this attempt, since the last (re)send.
 */
export function outcomeOfAttempt(
  result: AttemptResult,
  attemptsMade: number,
  schedule: readonly number[],
  jitter: number,
  random: () => number = Math.random,
): AttemptOutcome {
  const code = result.statusCode;
  if (code !== null && code >= 200 && code < 300) return { status: 'delivered' };
  if (code === 410) return { status: 'failed', reason: 'gone' };
  if (result.permanentlyRefused) return { status: 'failed', reason: 'url_not_allowed' };
  const scheduled = schedule[attemptsMade];
  if (scheduled === undefined) return { status: 'failed', reason: 'exhausted' };
  const answeredAt = new Date(result.attemptedAt.getTime() + result.latencyMs);
  const wait = Math.max(
    withJitter(scheduled, jitter, random),
    parseRetryAfter(result.retryAfterHeader, answeredAt) ?? 0,
  );
  return { status: 'pending', nextAttemptAt: new Date(answeredAt.getTime() + wait) };
}
