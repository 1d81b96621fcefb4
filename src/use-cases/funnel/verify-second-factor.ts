import type { SecondFactorAnswer, SecondFactorResult } from '../../ports/bank-connector.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import { afterSecondFactor } from './after-second-factor.ts';
import { applyStep } from './apply-step.ts';
import { callBank, type FunnelDeps } from './funnel-deps.ts';

export type SecondFactorAnswerOutcome = 'passed' | 'waiting' | 'wrong_answer' | 'failed' | 'not_allowed';

/** Passes the payer's code, coordinates or "I approved in the app" to the bank; they are not kept. */
export async function verifySecondFactor(
  deps: FunnelDeps,
  view: FunnelView,
  answer: SecondFactorAnswer,
): Promise<SecondFactorAnswerOutcome> {
  const { session, funnel } = view;
  if (funnel.state !== 'second_factor' || !funnel.bankCode || !funnel.bankHandleSealed) return 'not_allowed';
  const handle = deps.sealer.open(funnel.bankHandleSealed);
  const context = { sessionId: session.id, paymentToken: session.paymentToken, bankCode: funnel.bankCode };
  const bank = deps.banks(funnel.bankCode);
  const { result, record } = await callBank<SecondFactorResult>(
    context,
    'verify_second_factor',
    () => bank.verifySecondFactor(handle, answer),
    (outcome) => outcome.outcome,
    { outcome: 'unavailable' },
  );
  switch (result.outcome) {
    case 'passed':
      await afterSecondFactor(deps, view, handle, [record]);
      return 'passed';
    case 'waiting':
      await deps.funnels.recordBankCall(record);
      return 'waiting';
    case 'wrong_answer':
      await deps.funnels.recordBankCall(record);
      return 'wrong_answer';
    case 'refused':
    case 'timed_out':
    case 'session_expired':
    case 'unavailable': {
      const failureReason = {
        refused: 'second_factor_refused',
        timed_out: 'second_factor_timed_out',
        session_expired: 'bank_session_expired',
        unavailable: 'bank_unavailable',
      }[result.outcome];
      await applyStep(
        deps,
        session.id,
        { event: 'attempt_failed', changes: { failureReason } },
        { from: view, bankCalls: [record] },
      );
      return 'failed';
    }
    default:
      return exhaustive(result);
  }
}

function exhaustive(value: never): never {
  throw new Error(`unhandled second factor result ${JSON.stringify(value)}`);
}
