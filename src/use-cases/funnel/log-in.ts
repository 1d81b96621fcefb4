import { parseRut } from '../../domain/rut.ts';
import type { LoginResult } from '../../ports/bank-connector.ts';
import type { FunnelView } from '../../ports/payment-funnel-store.ts';
import { afterSecondFactor } from './after-second-factor.ts';
import { applyStep } from './apply-step.ts';
import { chooseBank } from './choose-bank.ts';
import { callBank, type FunnelDeps } from './funnel-deps.ts';

export type LoginAnswer =
  | 'done'
  | 'invalid_rut'
  | 'not_allowed'
  /** Too many wrong passwords lately for this RUT at this bank, or from this address: the bank was not called. */
  | 'held_back_rut'
  | 'held_back_address';

/**
 * The payer's RUT and password go to the bank and are forgotten: the password lives only in this call.
 * Wrong passwords are counted per session (the last allowed one ends the payment) and across sessions, per
 * RUT per bank and per client address: past those limits the login is held back before the bank is called,
 * so Puente cannot be used to try stolen passwords against the banks.
 */
export async function logIn(
  deps: FunnelDeps,
  initial: FunnelView,
  input: { rut: string; password: string; clientAddress: string },
): Promise<LoginAnswer> {
  let view = initial;
  // With `user_bank_code` the payer never saw a bank list: logging in is starting with that bank.
  if (view.funnel.state === 'choosing_bank' && view.session.userBankCode) {
    const started = await chooseBank(deps, view, view.session.userBankCode);
    if (!started?.applied) return 'not_allowed';
    view = started.view;
  }
  const { session, funnel } = view;
  if (funnel.state !== 'logging_in' || !funnel.bankCode) return 'not_allowed';
  const rut = session.isRutBlock && session.userRut ? parseRut(session.userRut) : parseRut(input.rut);
  if (!rut) return 'invalid_rut';
  const throttleKey = { bankCode: funnel.bankCode, rut, clientAddress: input.clientAddress };
  const held = await deps.loginThrottle.heldBack(throttleKey);
  if (held) return held === 'rut' ? 'held_back_rut' : 'held_back_address';

  const context = { sessionId: session.id, paymentToken: session.paymentToken, bankCode: funnel.bankCode };
  const bank = deps.banks(funnel.bankCode);
  const { result, record } = await callBank<LoginResult>(
    context,
    'login',
    () => bank.login({ rut, password: input.password }),
    (answer) => answer.outcome,
    { outcome: 'unavailable' },
  );
  switch (result.outcome) {
    case 'ok': {
      const changes = {
        bankHandleSealed: deps.sealer.seal(result.handle),
        challenge: result.challenge,
        holderName: result.holderName,
        failureReason: null,
      };
      // A bank without a second factor lets the payer in at once: login and accounts in one transaction.
      if (result.challenge.kind === 'none') {
        await afterSecondFactor(deps, view, result.handle, [record], { changes, userRut: rut });
      } else {
        await applyStep(
          deps,
          session.id,
          { event: 'login_succeeded', changes, userRut: rut },
          { from: view, bankCalls: [record] },
        );
      }
      return 'done';
    }
    case 'wrong_password':
      await deps.loginThrottle.recordFailure(throttleKey);
      await applyStep(
        deps,
        session.id,
        {
          event: (facts) =>
            facts.loginAttempts >= deps.settings.maxLoginAttempts
              ? 'login_attempts_exhausted'
              : 'login_rejected',
          changes: { failureReason: 'wrong_password', loginRut: rut },
          countLoginAttempt: true,
        },
        { from: view, bankCalls: [record] },
      );
      return 'done';
    case 'blocked':
      await applyStep(
        deps,
        session.id,
        { event: 'attempt_failed', changes: { failureReason: 'account_blocked' } },
        { from: view, bankCalls: [record] },
      );
      return 'done';
    case 'unavailable':
      await applyStep(
        deps,
        session.id,
        { event: 'attempt_failed', changes: { failureReason: 'bank_unavailable' } },
        { from: view, bankCalls: [record] },
      );
      return 'done';
    default:
      return exhaustive(result);
  }
}

function exhaustive(value: never): never {
  throw new Error(`unhandled login result ${JSON.stringify(value)}`);
}
