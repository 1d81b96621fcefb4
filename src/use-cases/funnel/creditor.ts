import { createHash } from 'node:crypto';
import { type Creditor, creditorFor } from '../../domain/creditor.ts';
import type { FunnelView } from '../../domain/funnel.ts';
import { initiatedTransferText, initiationMarkFrom } from '../../domain/initiation-mark.ts';

/**
 * The creditor of the merchant's payments now: its collecting account, read with the view (sandbox: the
 * placeholder when it has none); null for a production merchant without one, which no bank payment may
 * start for.
 */
export function merchantCreditor(view: Pick<FunnelView, 'merchant' | 'collectingAccount'>): Creditor | null {
  return creditorFor(view.merchant, view.collectingAccount);
}

/**
 * Whether a bank payment may start for this merchant: in sandbox always (the placeholder creditor), in
 * production only once its collecting account is registered.
 */
export function merchantCanCollect(view: Pick<FunnelView, 'merchant' | 'collectingAccount'>): boolean {
  return view.merchant.environment === 'sandbox' || merchantCreditor(view) !== null;
}

/** The mark of the transfer sent with this payment_token (`domain/initiation-mark.ts`). */
export function initiationMarkOf(paymentToken: string): string {
  return initiationMarkFrom(createHash('sha256').update(paymentToken).digest());
}

/** What a Puente-initiated transfer says to the banks: the attempt's mark, then the merchant's order id. */
export function transferTextOf(paymentToken: string, merchantOrderId: string): string {
  return initiatedTransferText(initiationMarkOf(paymentToken), merchantOrderId);
}
