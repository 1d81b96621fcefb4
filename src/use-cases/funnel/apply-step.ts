import { decideStep, type FunnelStep, type FunnelView, type StepRequest } from '../../domain/funnel.ts';
import type { FunnelState } from '../../domain/payment-state-machine.ts';
import { dueAtOnce } from '../../ports/payment-events.ts';
import type { BankCallRecord, StepAlongside, StepWritten } from '../../ports/payment-funnel-store.ts';
import type { FunnelDeps } from './funnel-deps.ts';

export type StepResult =
  | {
      applied: true;
      from: FunnelState;
      to: FunnelState;
      paymentToken: string | null;
      /** The session, merchant and funnel as they are now, for a next step to start `from`. */
      view: FunnelView;
    }
  | { applied: false; state: FunnelState; reason: 'not_allowed' | 'order_claimed' };

export interface StepContext {
  /**
   * The view the caller decided on, as it read it: the step is written if the funnel is still at that
   * version, without reading it again. Without it (or when the funnel moved on since) it is read first.
   */
  from?: FunnelView;
  /** The bank calls that led to this step: their timeline rows are written with it (or alone if refused). */
  bankCalls?: BankCallRecord[];
}

/** A step that lost its race this many times in a row is a bug (someone writes without end), not load. */
const MAX_DECISIONS = 20;

/**
 * Moves a session's funnel: decides the step with the state machine on the freshest view at hand, signs the
 * notification of a final status, and has the store write it all in one statement if the funnel is still
 * where the decision was made. A step that lost a race is decided again on what the database holds; a step
 * refused on the caller's (possibly stale) view is checked against the database before the answer is no.
 *
 * @example
 *   const result = await applyStep(deps, view.session.id, { event: 'account_chosen', changes }, { from: view });
 *   if (!result.applied) return showCurrentStep();
 */
export async function applyStep(
  deps: FunnelDeps,
  sessionId: number,
  request: StepRequest,
  context: StepContext = {},
): Promise<StepResult> {
  const result = await decideAndWrite(deps, sessionId, request, context);
  deps.onStep?.(result);
  return result;
}

async function decideAndWrite(
  deps: FunnelDeps,
  sessionId: number,
  request: StepRequest,
  context: StepContext,
): Promise<StepResult> {
  const bankCalls = context.bankCalls ?? [];
  let fresh = context.from?.session.id !== sessionId;
  let view = fresh ? await deps.funnels.loadById(sessionId) : (context.from ?? null);
  for (let decision = 0; decision < MAX_DECISIONS; decision++) {
    if (!view) throw new Error(`no funnel for session ${sessionId}`);
    const step = decideStep(view, request, deps.newPaymentToken, new Date());
    if (!step && !fresh) {
      // Refused on the caller's view: decide on what the database holds before saying no.
      view = await deps.funnels.loadById(sessionId);
      fresh = true;
      continue;
    }
    if (!step) {
      // The step was refused; the bank calls behind it happened all the same.
      for (const call of bankCalls) await deps.funnels.recordBankCall(call);
      return { applied: false, state: view.funnel.state, reason: 'not_allowed' };
    }
    const { session, merchant } = step.after;
    // Signed before the write, from the session as the write leaves it; the version check makes that exact.
    const event =
      session.paymentStatus !== 'pending' && session.paymentToken
        ? await deps.paymentEvents.eventFor(session, merchant)
        : null;
    const written = await writeHandingOff(deps, step, { bankCalls, event });
    if (written === 'applied') {
      return {
        applied: true,
        from: view.funnel.state,
        to: step.after.funnel.state,
        paymentToken: session.paymentToken,
        view: step.after,
      };
    }
    if (written === 'order_claimed') {
      for (const call of bankCalls) await deps.funnels.recordBankCall(call);
      return { applied: false, state: view.funnel.state, reason: 'order_claimed' };
    }
    // Another request changed the funnel since `view` was read: decide again on what is there now.
    view = await deps.funnels.loadById(sessionId);
    fresh = true;
  }
  throw new Error(`session ${sessionId}: the funnel kept changing under ${MAX_DECISIONS} decisions`);
}

/**
 * Writes the step; a final step's webhook, when a worker of this process has a free slot, is written
 * already claimed by it and attempted as soon as the step is written (`WebhookHandoff`): no claim
 * statement, no wake-up. Without a slot, or when nothing was written under the claim, the slot is given
 * back and the delivery (if any) waits `pending` for any worker, as before.
 */
async function writeHandingOff(
  deps: FunnelDeps,
  step: FunnelStep,
  alongside: Omit<StepAlongside, 'claim'>,
): Promise<StepWritten> {
  const { event } = alongside;
  const reserved = event && dueAtOnce(event) ? (deps.webhookHandoff?.reserve() ?? null) : null;
  try {
    const { written, claimedDelivery } = await deps.funnels.write(step, { ...alongside, claim: reserved });
    if (reserved && event && dueAtOnce(event) && claimedDelivery !== null) {
      reserved.attempt({
        id: claimedDelivery,
        url: event.url,
        jwt: event.jwt,
        jti: event.jti,
        scheduleStep: 0,
        attemptCount: 0,
        merchantEnvironment: step.after.merchant.environment,
        claimToken: reserved.claimToken,
      });
    }
    return written;
  } finally {
    reserved?.release();
  }
}
