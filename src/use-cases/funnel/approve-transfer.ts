import type { TransferResult } from '../../ports/bank-connector.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import { applyStep } from './apply-step.ts';
import { merchantCreditor, transferTextOf } from './creditor.ts';
import { callBank, type FunnelDeps } from './funnel-deps.ts';
import { recordTransferResult } from './record-transfer-result.ts';

export type ApproveOutcome = 'submitted' | 'order_claimed' | 'not_allowed' | 'cannot_collect';

/**
 * The payer approves: exactly once, whatever the browser does.
 *
 * 1. One transaction moves the funnel `confirming → transferring` (and, for a merchant with one payment per
 *    order, takes the order's claim). A double click, a replay or a second tab finds the state already moved
 *    and sends nothing; a second session of such an order finds the claim taken and sends nothing. It is
 *    decided on `drawn`, the view the confirmation page was drawn from, and written only while the funnel is
 *    at that version and the merchant's collecting account is the one the view holds; otherwise it is
 *    decided again on what the database holds.
 * 2. The bank is called outside any transaction, with the payment_token as idempotency key, to the
 *    merchant's collecting account, with the attempt's mark in the comment (`transferTextOf`).
 * 3. The answer is recorded. If this process dies between 1 and 3, the recovery sweep asks the bank for the
 *    transfer by its key (`transferStatus`) — it never sends it again.
 *
 * A production merchant without a collecting account never gets here (no bank can be chosen for it); if it
 * does (a payment begun before the rule, or an account removed since), the attempt ends before anything is
 * sent.
 */
export async function approveTransfer(deps: FunnelDeps, drawn: FunnelView): Promise<ApproveOutcome> {
  const { session, funnel, merchant } = drawn;
  if (funnel.state !== 'confirming' || !funnel.bankCode || !funnel.bankHandleSealed || !funnel.accountId)
    return 'not_allowed';
  const submittedAt = new Date();
  const intent = await applyStep(
    deps,
    session.id,
    {
      event: 'transfer_submitted',
      changes: {
        transferSubmittedAt: submittedAt,
        transferStatus: 'submitted',
        transferCheckAt: new Date(submittedAt.getTime() + deps.settings.transferRecheckSeconds * 1000),
      },
      // The order's claim is what makes "one payment per order" hold against racing sessions; a merchant
      // whose order ids may be paid several times takes none, and each session pays on its own.
      claimOrder: merchant.onePaymentPerOrder,
      // Decided on the page's view, written only while the merchant's collecting account is the one it
      // holds: else decided again on what the database holds, so the money never goes to a removed account.
      directsMoney: true,
    },
    { from: drawn },
  );
  if (!intent.applied) {
    if (intent.reason === 'order_claimed') return 'order_claimed';
    // Refused while still confirming: the merchant has nowhere to be paid (a production merchant whose
    // collecting account went away after the page was drawn). The attempt ends before anything is sent.
    if (intent.state !== 'confirming') return 'not_allowed';
    await applyStep(deps, session.id, {
      event: 'attempt_failed',
      changes: { failureReason: 'merchant_cannot_collect' },
    });
    return 'cannot_collect';
  }
  const paymentToken = intent.paymentToken;
  if (!paymentToken) throw new Error('a payment reaching transfer always has a payment_token');
  // What the intent was written on (the page's view, or the database's if that had moved on): its account,
  // its bank session and its creditor (the step is refused without one).
  const { funnel: decided, session: paying } = intent.view;
  const recipient = merchantCreditor(intent.view);
  if (!recipient || !decided.bankCode || !decided.bankHandleSealed || !decided.accountId)
    throw new Error('a transfer intent is only written with a creditor, a bank session and an account');
  const { bankCode, accountId } = decided;
  const handle = deps.sealer.open(decided.bankHandleSealed);
  const bank = deps.banks(bankCode);
  const { result, record } = await callBank<TransferResult>(
    { sessionId: session.id, paymentToken, bankCode },
    'transfer',
    () =>
      bank.transfer({
        handle,
        accountId,
        amount: paying.orderAmount,
        recipient,
        idempotencyKey: paymentToken,
        description: transferTextOf(paymentToken, paying.merchantOrderId),
      }),
    (answer) => answer.status,
    { status: 'unknown' },
  );
  await recordTransferResult(
    deps,
    { sessionId: session.id, submittedAt, from: intent.view, bankCall: record },
    result,
  );
  return 'submitted';
}
