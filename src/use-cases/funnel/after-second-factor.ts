import type { BankCode } from '../../domain/banks.ts';
import type { AccountsResult } from '../../ports/bank-connector.ts';
import { callBank, type FunnelDeps } from './funnel-deps.ts';

/**
 * Once the bank let the payer in (second factor passed, or none asked), lists the accounts that can pay.
 * With exactly one account the choice is made for the payer.
 */
export async function afterSecondFactor(
  deps: FunnelDeps,
  context: { sessionId: number; paymentToken: string | null; bankCode: BankCode },
  handle: string,
): Promise<void> {
  const bank = deps.banks(context.bankCode);
  const listed = await callBank<AccountsResult>(
    deps,
    context,
    'list_accounts',
    () => bank.listAccounts(handle),
    (result) => (result.outcome === 'ok' ? `ok:${result.accounts.length}` : result.outcome),
    { outcome: 'unavailable' },
  );
  if (listed.outcome !== 'ok' || listed.accounts.length === 0) {
    const failureReason =
      listed.outcome === 'ok'
        ? 'no_accounts'
        : listed.outcome === 'session_expired'
          ? 'bank_session_expired'
          : 'bank_unavailable';
    await deps.funnels.apply(context.sessionId, 'attempt_failed', { failureReason });
    return;
  }
  const accounts = listed.accounts.map(({ id, last4, type }) => ({ id, last4, type }));
  const passed = await deps.funnels.apply(context.sessionId, 'second_factor_passed', { accounts });
  const [only] = accounts;
  if (passed.applied && accounts.length === 1 && only) {
    await deps.funnels.apply(context.sessionId, 'account_chosen', {
      accountId: only.id,
      accountLast4: only.last4,
      accountType: only.type,
    });
  }
}
