import type { SecretBox } from '../../adapters/crypto/secret-box.ts';
import type { BankCode } from '../../domain/banks.ts';
import type { BankConnectors } from '../../ports/bank-connector.ts';
import type { BankCallRecord, PaymentFunnelStore } from '../../ports/payment-funnel-store.ts';

/** What the funnel's use cases need, taken from `Services`. */
export interface FunnelDeps {
  funnels: PaymentFunnelStore;
  banks: BankConnectors;
  secretBox: SecretBox;
  settings: FunnelSettings;
}

export interface FunnelSettings {
  /** Wrong passwords allowed per session; the last one ends the payment. */
  maxLoginAttempts: number;
  /** How long after an unclear answer (pending, timeout) the bank is asked again. */
  transferRecheckSeconds: number;
  /**
   * After this long, a transfer the bank says it never received is given up (no money moved). Must exceed
   * any bank call's timeout, so an answer still in flight is never mistaken for a lost transfer.
   */
  transferLostAfterSeconds: number;
}

export const DEFAULT_FUNNEL_SETTINGS: FunnelSettings = {
  maxLoginAttempts: 3,
  transferRecheckSeconds: 5,
  transferLostAfterSeconds: 120,
};

/**
 * Calls the bank, timing it, and writes one `bank_call` timeline row with the outcome (never the input).
 * A thrown fault (network error, programming error) becomes `fallback`, which callers choose so that it
 * can never be read as success.
 */
export async function callBank<T>(
  deps: FunnelDeps,
  context: { sessionId: number; paymentToken: string | null; bankCode: BankCode },
  operation: BankCallRecord['operation'],
  call: () => Promise<T>,
  outcomeOf: (result: T) => string,
  fallback: T,
): Promise<T> {
  const started = performance.now();
  let result: T;
  let outcome: string;
  try {
    result = await call();
    outcome = outcomeOf(result);
  } catch {
    result = fallback;
    outcome = `fault→${outcomeOf(fallback)}`;
  }
  await deps.funnels.recordBankCall({
    ...context,
    operation,
    outcome,
    durationMs: performance.now() - started,
  });
  return result;
}
