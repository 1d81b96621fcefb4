import { randomToken } from '../../src/adapters/crypto/random-token.ts';
import type { Services } from '../../src/composition.ts';
import { decideStep, type StepRequest } from '../../src/domain/funnel.ts';
import type { FunnelEvent } from '../../src/domain/payment-state-machine.ts';
import { funnelDeps } from '../../src/http/funnel/funnel-request.ts';
import { applyStep } from '../../src/use-cases/funnel/apply-step.ts';
import { storeSession } from './stored-session.ts';

const TO_FINAL: Record<'success' | 'error' | 'cancelled' | 'expired', FunnelEvent[]> = {
  success: [
    'login_succeeded',
    'second_factor_passed',
    'account_chosen',
    'transfer_submitted',
    'transfer_completed',
  ],
  error: [
    'login_succeeded',
    'second_factor_passed',
    'account_chosen',
    'transfer_submitted',
    'transfer_lost',
    'review_not_paid',
  ],
  cancelled: ['cancel'],
  expired: ['expire'],
};

/**
 * A session whose status turned final the way the funnel does it: the funnel's own steps (bank chosen, ...,
 * the final event), written by the funnel store in one statement with the notification event. Without
 * `bankChosen` the payer never started with a bank (no payment_token, so no event). `rollback` decides the
 * final step on a view that another step then moves past, so its write finds the version gone and writes
 * nothing. Imports nothing from the test runner, so child processes and benchmarks use it too.
 */
export async function commitFinalPayment(
  services: Services,
  options: {
    merchantId: number;
    webhookUrl: string | null;
    status?: 'success' | 'error' | 'cancelled' | 'expired';
    bankChosen?: boolean;
    rollback?: boolean;
    userRut?: string | null;
    orderAmount?: number;
  },
) {
  const signatureToken = randomToken(64);
  const session = await storeSession(services, options.merchantId, {
    orderAmount: options.orderAmount ?? 50_000,
    userBankCode: 'cl_test',
    userRut: options.userRut ?? null,
    webhookUrl: options.webhookUrl,
    signatureToken,
  });
  const deps = funnelDeps(services);
  const view = await services.funnels.loadById(session.id);
  if (!view) throw new Error('no funnel for a new session');
  const status = options.status ?? 'success';
  const [last, ...earlier] = [...TO_FINAL[status]].reverse();
  const chain = options.bankChosen === false ? [] : [...earlier].reverse();
  const request: StepRequest =
    options.bankChosen === false
      ? { event: last ?? 'cancel' }
      : {
          event: 'choose_bank',
          changes: { bankCode: 'cl_test' },
          followedBy: [...chain, last ?? 'cancel'].map((event) => ({
            event,
            changes: event === 'transfer_completed' ? { bankReference: `REF-${randomToken(8)}` } : {},
          })),
          ...(options.userRut ? {} : { userRut: '11111111-1' }),
        };
  if (options.rollback) {
    const stale = decideStep(view, request, deps.newPaymentToken, new Date());
    if (!stale) throw new Error('the final step is not allowed from a new session');
    const event = await services.paymentEvents.eventFor(stale.after.session, stale.after.merchant);
    // Another request moves the funnel first; the final step, decided before, is written on a stale version.
    await applyStep(
      deps,
      session.id,
      { event: 'choose_bank', changes: { bankCode: 'cl_test' } },
      { from: view },
    );
    const { written } = await services.funnels.write(stale, { bankCalls: [], event });
    if (written !== 'moved') throw new Error(`a step on a stale version was ${written}`);
    return { session, signatureToken, paymentToken: null, committedAt: Date.now() };
  }
  const result = await applyStep(deps, session.id, request, { from: view });
  if (!result.applied || result.view.session.paymentStatus !== status)
    throw new Error(`the funnel did not reach ${status}`);
  return { session, signatureToken, paymentToken: result.paymentToken, committedAt: Date.now() };
}
