import { createHash } from 'node:crypto';
import { type Creditor, creditorFor } from '../../domain/creditor.ts';
import { initiatedTransferText, initiationMarkFrom } from '../../domain/initiation-mark.ts';
import type { Merchant } from '../../domain/merchant.ts';
import type { FunnelDeps } from './funnel-deps.ts';

/**
 * The creditor of the merchant's payments now: its collecting account (sandbox: the placeholder when it has
 * none); null for a production merchant without one, which no bank payment may start for. A sandbox
 * merchant needs no read.
 */
export async function merchantCreditor(
  deps: Pick<FunnelDeps, 'directTransfers'>,
  merchant: Merchant,
): Promise<Creditor | null> {
  const account = await deps.directTransfers.collectingAccount(merchant.id);
  return creditorFor(merchant, account);
}

/**
 * Whether a bank payment may start for this merchant: in sandbox always (the placeholder creditor), in
 * production only once its collecting account is registered.
 */
export async function merchantCanCollect(
  deps: Pick<FunnelDeps, 'directTransfers'>,
  merchant: Merchant,
): Promise<boolean> {
  return merchant.environment === 'sandbox' || (await merchantCreditor(deps, merchant)) !== null;
}

/** The mark of the transfer sent with this payment_token (`domain/initiation-mark.ts`). */
export function initiationMarkOf(paymentToken: string): string {
  return initiationMarkFrom(createHash('sha256').update(paymentToken).digest());
}

/** What a Puente-initiated transfer says to the banks: the attempt's mark, then the merchant's order id. */
export function transferTextOf(paymentToken: string, merchantOrderId: string): string {
  return initiatedTransferText(initiationMarkOf(paymentToken), merchantOrderId);
}
