import { randomBytes } from 'node:crypto';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import type { AuthorizationStart } from '../../ports/redirect-bank-connector.ts';
import { applyStep } from './apply-step.ts';
import { chooseBank } from './choose-bank.ts';
import { merchantCreditor, transferTextOf } from './creditor.ts';
import { callBank, type FunnelDeps } from './funnel-deps.ts';
import { openOpenFinanceHandle, sealOpenFinanceHandle } from './open-finance-handle.ts';

export type StartOutcome =
  | { outcome: 'redirect'; redirectUrl: string }
  | { outcome: 'not_allowed' | 'failed' };

/**
 * "Continuar en {banco}": asks the bank for a payment consent (keyed by the attempt's payment_token) and
 * pushes the authorisation request, then keeps the authorisation's `state` and PKCE verifier sealed with
 * the step. `state` is `<session id>.<32 random bytes>`: the callback finds the session by it and compares
 * the whole of it with what was kept. A bank given in `user_bank_code` is chosen here first.
 *
 * The consent names the merchant's collecting account as creditor, and that creditor is sealed with the
 * attempt: the payment order names the same one, whatever the merchant changes meanwhile.
 */
export async function startBankAuthorization(deps: FunnelDeps, view: FunnelView): Promise<StartOutcome> {
  let current = view;
  if (current.funnel.state === 'choosing_bank' && current.session.userBankCode) {
    const chosen = await chooseBank(deps, current, current.session.userBankCode);
    if (!chosen?.applied) return { outcome: 'not_allowed' };
    current = chosen.view;
  }
  const { session, funnel } = current;
  const bankCode = funnel.bankCode;
  const bank = bankCode ? deps.redirectBanks(bankCode) : null;
  const paymentToken = session.paymentToken;
  if (
    !bankCode ||
    !bank ||
    !paymentToken ||
    (funnel.state !== 'leaving_for_bank' && funnel.state !== 'authorizing_at_bank')
  )
    return { outcome: 'not_allowed' };
  // Again from the bank's page (the payer came back with the back button): the attempt's consent, same creditor.
  const earlier = openOpenFinanceHandle(deps.sealer, funnel.bankHandleSealed);
  const creditor =
    (earlier?.stage === 'authorizing' ? earlier.creditor : undefined) ?? merchantCreditor(current);
  if (!creditor) {
    // A production merchant without a collecting account (a payment begun before the rule): nothing is sent.
    await applyStep(
      deps,
      session.id,
      { event: 'attempt_failed', changes: { failureReason: 'merchant_cannot_collect' } },
      { from: current },
    );
    return { outcome: 'failed' };
  }

  const state = `${session.id}.${randomBytes(32).toString('base64url')}`;
  const { result, record } = await callBank<AuthorizationStart>(
    { sessionId: session.id, paymentToken, bankCode },
    'start_authorization',
    () =>
      bank.startAuthorization({
        amount: session.orderAmount,
        recipient: creditor,
        reference: transferTextOf(paymentToken, session.merchantOrderId),
        idempotencyKey: paymentToken,
        state,
      }),
    (answer) => answer.outcome,
    { outcome: 'unavailable' },
  );
  if (result.outcome !== 'redirect') {
    await applyStep(
      deps,
      session.id,
      {
        event: 'attempt_failed',
        changes: { failureReason: result.outcome === 'refused' ? 'rejected' : 'bank_unavailable' },
      },
      { from: current, bankCalls: [record] },
    );
    return { outcome: 'failed' };
  }
  const started = await applyStep(
    deps,
    session.id,
    {
      event: 'authorization_started',
      changes: {
        bankHandleSealed: sealOpenFinanceHandle(deps.sealer, {
          stage: 'authorizing',
          ...result.kept,
          creditor,
        }),
      },
    },
    { from: current, bankCalls: [record] },
  );
  // Another request started (or ended) this attempt meanwhile: its authorisation is the one that counts.
  if (!started.applied || started.view.funnel.bankHandleSealed === null) return { outcome: 'not_allowed' };
  return { outcome: 'redirect', redirectUrl: result.redirectUrl };
}
