import type { FunnelEvent } from '../../domain/payment-state-machine.ts';
import type { AccountsResult } from '../../ports/bank-connector.ts';
import type { BankCallRecord, FunnelChanges, FunnelView } from '../../ports/payment-funnel-store.ts';
import { applyStep } from './apply-step.ts';
import { callBank, type FunnelDeps } from './funnel-deps.ts';

/**
 * Once the bank let the payer in (second factor passed, or none asked), lists the accounts that can pay.
 * With exactly one account the choice is made for the payer. `before` is a login that asked no second
 * factor: it is recorded in the same step as what follows it. `view` is the funnel the payer is in;
 * `earlier` the bank calls that led here, written with the step.
 */
export async function afterSecondFactor(
  deps: FunnelDeps,
  view: FunnelView,
  handle: string,
  earlier: BankCallRecord[],
  before?: { changes: FunnelChanges; userRut: string },
): Promise<void> {
  const { session, funnel } = view;
  if (!funnel.bankCode) return;
  const context = { sessionId: session.id, paymentToken: session.paymentToken, bankCode: funnel.bankCode };
  const bank = deps.banks(context.bankCode);
  const { result: listed, record } = await callBank<AccountsResult>(
    context,
    'list_accounts',
    () => bank.listAccounts(handle),
    (result) => (result.outcome === 'ok' ? `ok:${result.accounts.length}` : result.outcome),
    { outcome: 'unavailable' },
  );
  const chain: { event: FunnelEvent; changes: FunnelChanges }[] = [];
  if (listed.outcome !== 'ok' || listed.accounts.length === 0) {
    const failureReason =
      listed.outcome === 'ok'
        ? 'no_accounts'
        : listed.outcome === 'session_expired'
          ? 'bank_session_expired'
          : 'bank_unavailable';
    chain.push({ event: 'attempt_failed', changes: { failureReason } });
  } else {
    const accounts = listed.accounts.map(({ id, last4, type }) => ({ id, last4, type }));
    chain.push({ event: 'second_factor_passed', changes: { accounts } });
    const [only] = accounts;
    if (accounts.length === 1 && only) {
      chain.push({
        event: 'account_chosen',
        changes: { accountId: only.id, accountLast4: only.last4, accountType: only.type },
      });
    }
  }
  const [first, ...rest] = before
    ? [{ event: 'login_succeeded' as const, changes: before.changes }, ...chain]
    : chain;
  if (!first) return;
  await applyStep(
    deps,
    context.sessionId,
    {
      event: first.event,
      changes: first.changes,
      followedBy: rest,
      ...(before ? { userRut: before.userRut } : {}),
    },
    { from: view, bankCalls: [...earlier, record] },
  );
}
