import type {
  AttemptOutcome,
  AttemptResult,
  DeliveryStatus,
  FailureReason,
  SkipReason,
} from '../domain/webhooks/delivery.ts';

/** A delivery a worker has claimed: everything needed to attempt it, and the claim that fences it. */
export interface ClaimedDelivery {
  id: number;
  url: string;
  /** The signed notification, the same bytes on every attempt. */
  jwt: string;
  jti: string;
  /** Attempts made since the last (re)send, before this one. */
  scheduleStep: number;
  attemptCount: number;
  /** The merchant's environment, for the safety rules. */
  merchantEnvironment: 'sandbox' | 'production';
  claimToken: string;
}

/**
 * A webhook worker's offer to attempt, at once and in this process, the webhook of a final step this process
 * is about to write. The step's statement then writes the delivery already `delivering` under `claimToken`
 * and the lease, exactly as a claim leaves it, so the delivery needs no claim statement and no wake-up; if
 * the process dies before recording the attempt, the lease runs out and any worker takes it, as after a
 * claim. `null` when no worker runs here or every attempt slot is taken: the delivery is written `pending`.
 *
 * @example
 *   const reserved = handoff.reserve();
 *   const written = await funnels.write(step, { bankCalls, event, claim: reserved });
 *   if (written.claimedDelivery) reserved.attempt({ ...delivery, id: written.claimedDelivery });
 *   else reserved?.release();
 */
export interface WebhookHandoff {
  reserve(): ReservedAttempt | null;
}

/** An attempt slot held for a delivery about to be written claimed; `attempt` or `release` ends it, once. */
export interface ReservedAttempt {
  claimToken: string;
  leaseMs: number;
  /** The delivery was written under this claim: attempt it now. */
  attempt(delivery: ClaimedDelivery): void;
  /** Nothing was written under this claim: the slot is free again. */
  release(): void;
}

export interface WebhookAttempt {
  id: number;
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

/** A delivery as the operator sees it (back-office, CLI). */
export interface WebhookDelivery {
  id: number;
  eventId: number;
  sessionId: number;
  sessionToken: string;
  paymentToken: string | null;
  paymentStatus: 'success' | 'error' | 'cancelled' | 'expired';
  jti: string;
  url: string | null;
  status: DeliveryStatus;
  skipReason: SkipReason | null;
  failureReason: FailureReason | null;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RecordedAttempt {
  claim: ClaimedDelivery;
  result: AttemptResult;
  outcome: AttemptOutcome;
}

export type ResendTarget = { deliveryId: number } | { sessionToken: string } | { failed: true };

/**
 * The webhook deliveries table. Workers claim due deliveries with row locks (`for update skip locked`) and
 * hold them under a lease; the result of an attempt is recorded only by the claim that made it.
 *
 * @example
 *   const claimed = await deliveries.claimDue(10, 30_000);
 *   for (const delivery of claimed) {
 *     const result = await sender.send({ url: delivery.url, body: JSON.stringify({ payment: delivery.jwt }), ... });
 *     await deliveries.recordAttempt(delivery, result, outcomeOfAttempt(result, delivery.scheduleStep + 1, ...));
 *   }
 */
export interface WebhookDeliveryStore {
  /** Marks up to `limit` due pending deliveries `delivering` under a lease of `leaseMs`, and returns them. */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** Records the attempt and the delivery's new state; false when the claim was lost (lease expired). */
  recordAttempt(claim: ClaimedDelivery, result: AttemptResult, outcome: AttemptOutcome): Promise<boolean>;
  /** `recordAttempt` for many at once, in one statement; returns the ids whose claim still held. */
  recordAttempts(batch: readonly RecordedAttempt[]): Promise<Set<number>>;
  /** Gives back deliveries whose lease ran out (their worker died mid-attempt); returns how many. */
  releaseExpiredLeases(): Promise<number>;
  /** Gives back every `delivering` delivery: only for the embedded database, whose one process just started. */
  releaseAllLeases(): Promise<number>;
  /** Requeues deliveries for a fresh round of the schedule, due now; returns the deliveries requeued. */
  resend(target: ResendTarget): Promise<WebhookDelivery[]>;
  findById(id: number): Promise<WebhookDelivery | null>;
  listBySession(sessionToken: string): Promise<WebhookDelivery[]>;
  list(filter: { status?: DeliveryStatus; limit?: number }): Promise<WebhookDelivery[]>;
  attempts(deliveryId: number): Promise<WebhookAttempt[]>;
}
