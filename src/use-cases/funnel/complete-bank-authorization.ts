import { timingSafeEqual } from 'node:crypto';
import type { Creditor } from '../../domain/creditor.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import type { AuthorizationEnd, PaymentOrder, PaymentResult } from '../../ports/redirect-bank-connector.ts';
import { applyStep } from './apply-step.ts';
import { merchantCreditor, transferTextOf } from './creditor.ts';
import { callBank, type FunnelDeps } from './funnel-deps.ts';
import {
  type OpenFinanceHandle,
  openOpenFinanceHandle,
  sealOpenFinanceHandle,
} from './open-finance-handle.ts';
import { recordTransferResult } from './record-transfer-result.ts';

export type CallbackOutcome = 'submitted' | 'cancelled' | 'failed' | 'refused';

/** The session id a callback's `state` names (`<session id>.<random>`), or null. */
export function sessionIdOfState(state: string | null): number | null {
  const match = /^(\d{1,15})\.[A-Za-z0-9_-]{43}$/.exec(state ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * The payer is back from the bank. Refused without any bank call unless the funnel is waiting for the bank
 * and the callback's `state` is the one kept for this attempt. Then, once only (a step to
 * `returned_from_bank` taken before the code is exchanged, so a replayed or concurrent callback finds the
 * step gone): the code is exchanged (`iss` checked), and on a granted consent the payment order is recorded
 * as intent, sent outside any transaction with the payment_token as idempotency key, and its answer
 * recorded; the sweep follows up whatever is not final. A payer who cancelled at the bank cancels the
 * payment; a consent the bank refused (or a response that is not this attempt's) ends the attempt. The
 * order names the creditor the consent named (kept sealed with the attempt).
 */
export async function completeBankAuthorization(
  deps: FunnelDeps,
  view: FunnelView,
  callbackUrl: URL,
): Promise<CallbackOutcome> {
  const { session, funnel, merchant } = view;
  const bankCode = funnel.bankCode;
  const bank = bankCode ? deps.redirectBanks(bankCode) : null;
  const kept = openOpenFinanceHandle(deps.sealer, funnel.bankHandleSealed);
  const paymentToken = session.paymentToken;
  if (
    funnel.state !== 'authorizing_at_bank' ||
    !bank ||
    !bankCode ||
    !paymentToken ||
    kept?.stage !== 'authorizing'
  )
    return 'refused';
  if (!sameText(callbackUrl.searchParams.get('state') ?? '', kept.state)) return 'refused';

  const returned = await applyStep(deps, session.id, { event: 'returned_from_bank' }, { from: view });
  if (!returned.applied || returned.paymentToken !== paymentToken) return 'refused';
  const creditor = creditorOfAttempt(kept, view);
  if (!creditor) {
    // An attempt begun before creditors were kept, for a production merchant without a collecting account.
    await applyStep(
      deps,
      session.id,
      { event: 'attempt_failed', changes: { failureReason: 'merchant_cannot_collect' } },
      { from: returned.view },
    );
    return 'failed';
  }

  const context = { sessionId: session.id, paymentToken, bankCode };
  const { result, record } = await callBank<AuthorizationEnd>(
    context,
    'complete_authorization',
    () => bank.completeAuthorization(callbackUrl, kept),
    (answer) => (answer.outcome === 'denied' ? `denied:${answer.reason}` : answer.outcome),
    { outcome: 'unavailable' },
  );
  const from = { from: returned.view, bankCalls: [record] };
  switch (result.outcome) {
    case 'denied':
      if (result.reason === 'cancelled') {
        await applyStep(deps, session.id, { event: 'cancel' }, from);
        return 'cancelled';
      }
      await applyStep(
        deps,
        session.id,
        { event: 'attempt_failed', changes: { failureReason: 'consent_rejected' } },
        from,
      );
      return 'failed';
    case 'invalid':
    case 'unavailable':
      await applyStep(
        deps,
        session.id,
        {
          event: 'attempt_failed',
          changes: {
            failureReason: result.outcome === 'invalid' ? 'authorization_invalid' : 'bank_unavailable',
          },
        },
        from,
      );
      return 'failed';
    case 'authorized':
      break;
    default: {
      const exhaustive: never = result;
      throw new Error(`unhandled authorisation end ${JSON.stringify(exhaustive)}`);
    }
  }

  // 1. The intent: the payment order is about to be sent (the sweep asks the bank by key from now on).
  const submittedAt = new Date();
  const intent = await applyStep(
    deps,
    session.id,
    {
      event: 'transfer_submitted',
      changes: {
        bankHandleSealed: sealOpenFinanceHandle(deps.sealer, {
          stage: 'authorized',
          consentId: kept.consentId,
          grant: result.grant,
          creditor,
        }),
        transferSubmittedAt: submittedAt,
        transferStatus: 'submitted',
        transferCheckAt: new Date(submittedAt.getTime() + deps.settings.transferRecheckSeconds * 1000),
      },
      claimOrder: merchant.onePaymentPerOrder,
    },
    from,
  );
  if (!intent.applied) return 'refused';
  // 2. The bank, outside any transaction. 3. Its answer.
  const order: PaymentOrder = {
    grant: result.grant,
    consentId: kept.consentId,
    amount: session.orderAmount,
    recipient: creditor,
    reference: transferTextOf(paymentToken, session.merchantOrderId),
    idempotencyKey: paymentToken,
  };
  const paid = await callBank<PaymentResult>(
    context,
    'transfer',
    () => bank.submitPayment(order),
    (answer) => answer.status,
    { status: 'unknown' },
  );
  await recordTransferResult(
    deps,
    { sessionId: session.id, submittedAt, from: intent.view, bankCall: paid.record },
    paid.result,
  );
  return 'submitted';
}

/**
 * The payment order of an open-finance transfer in flight, rebuilt from the funnel for the sweep, or null
 * when the funnel holds no authorised open-finance handle (a credentials-flow transfer), or no creditor can
 * be named for it (an old handle of a production merchant without a collecting account: the sweep then
 * asks the bank by key through its other face).
 */
export async function openFinanceOrderOf(deps: FunnelDeps, view: FunnelView): Promise<PaymentOrder | null> {
  const handle = openOpenFinanceHandle(deps.sealer, view.funnel.bankHandleSealed);
  if (handle?.stage !== 'authorized' || !view.session.paymentToken) return null;
  const creditor = creditorOfAttempt(handle, view);
  if (!creditor) return null;
  return {
    grant: handle.grant,
    consentId: handle.consentId,
    amount: view.session.orderAmount,
    recipient: creditor,
    reference: transferTextOf(view.session.paymentToken, view.session.merchantOrderId),
    idempotencyKey: view.session.paymentToken,
    paymentId: view.funnel.bankPaymentId,
  };
}

/**
 * The creditor the attempt's consent named, kept sealed with it; a handle sealed before creditors were kept
 * has none, and the merchant's creditor is resolved now.
 */
function creditorOfAttempt(handle: OpenFinanceHandle, view: FunnelView): Creditor | null {
  return handle.creditor ?? merchantCreditor(view);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
