import { type BankCode, banksFor } from '../../domain/banks.ts';
import type { FunnelChanges, FunnelView } from '../../ports/payment-funnel-store.ts';
import { applyStep, type StepResult } from './apply-step.ts';
import { merchantCanCollect } from './creditor.ts';
import type { FunnelDeps } from './funnel-deps.ts';

/** What one bank attempt leaves on the funnel, wiped when the payer starts or leaves for another bank. */
export const LAST_ATTEMPT_WIPED: FunnelChanges = {
  bankHandleSealed: null,
  challenge: null,
  accounts: null,
  accountId: null,
  accountLast4: null,
  accountType: null,
  holderName: null,
  failureReason: null,
  transferSubmittedAt: null,
  transferStatus: null,
  bankReference: null,
  bankPaymentId: null,
};

/**
 * The payer starts with a bank (first time, or another bank after a failed attempt). Each start is a new
 * attempt with its own `payment_token`; what a previous attempt left behind is wiped. Refused (null) for a
 * production merchant without a collecting account: its money would have nowhere to go.
 */
export async function chooseBank(
  deps: FunnelDeps,
  view: FunnelView,
  bankCode: BankCode,
): Promise<StepResult | null> {
  if (!banksFor(view.merchant.environment).some((bank) => bank.code === bankCode)) return null;
  if (!merchantCanCollect(view)) return null;
  return applyStep(
    deps,
    view.session.id,
    {
      // A bank paid through open finance: the payer authorises at the bank instead of logging in here.
      event: deps.redirectBanks(bankCode) ? 'choose_open_finance_bank' : 'choose_bank',
      changes: { bankCode, ...LAST_ATTEMPT_WIPED },
    },
    { from: view },
  );
}
