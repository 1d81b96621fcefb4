import { z } from 'zod';

/** The calls of a simulated bank, as named in fault settings. */
export const BANK_OPERATIONS = [
  'login',
  'second_factor',
  'accounts',
  'transfer',
  'transfer_status',
  'statement',
  // The open-finance face (model bank): its authorisation server and pages, and its payment API.
  'authorize',
  'payment_consent',
  'payment',
  'payment_status',
] as const;
export type BankOperation = (typeof BANK_OPERATIONS)[number];

const rate = z.number().min(0).max(1);

/**
 * Faults injected into one bank, set through the admin API. Rates are chances per call (0 never, 1 always).
 * `operations` limits latency, errors, hangs and bank-down to those calls; by default they hit every call.
 */
export const faultsSchema = z
  .object({
    /** Added before every call is handled. */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    /** Calls answered `500` without doing anything. */
    errorRate: rate.default(0),
    /** Calls never answered: held until the client gives up (or `maxHangMs`, then `504`). */
    hangRate: rate.default(0),
    /** Calls answered `200` with an HTML error page (a misbehaving proxy): an answer nobody can read. */
    garbledRate: rate.default(0),
    /** Transfers executed, then the connection is dropped, so the caller never learns the result. */
    answerLostRate: rate.default(0),
    /** Open finance: the bank refuses the consent after the payer authorised it (`access_denied`). */
    consentRejectedRate: rate.default(0),
    /** Open finance: payment orders held as `Pending`, then `Rejected` (the payer's money comes back). */
    pendingThenRejectedRate: rate.default(0),
    /** Every call answered `503 bank_unavailable`. */
    down: z.boolean().default(false),
    operations: z.array(z.enum(BANK_OPERATIONS)).min(1).optional(),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = faultsSchema.parse({});

export function faultsApplyTo(faults: Faults, operation: BankOperation): boolean {
  return !faults.operations || faults.operations.includes(operation);
}

/** A chance that is exactly 0 never fires and exactly 1 always does, so tests stay deterministic. */
export function happens(chance: number): boolean {
  return chance > 0 && (chance >= 1 || Math.random() < chance);
}
