/**
 * A payment session's status, as the merchant protocol names it. `pending` covers everything before a
 * final answer; the other four are final.
 */
export const PAYMENT_STATUSES = ['pending', 'success', 'error', 'cancelled', 'expired'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
/** A status that ends the payment: it is notified, and never changes again. */
export type FinalPaymentStatus = Exclude<PaymentStatus, 'pending'>;

/** How far the payer got, in order. Kept on the session and carried in every notification. */
export const PAYMENT_STEPS = [
  'created',
  'bank_selected',
  'logged_in',
  'second_factor_passed',
  'account_selected',
  'transfer_submitted',
  'transfer_confirmed',
  // Direct transfer: the payer was shown the merchant's account and transfers from their own bank's app.
  'awaiting_transfer',
] as const;
export type PaymentStep = (typeof PAYMENT_STEPS)[number];

export function isFinalStatus(status: PaymentStatus): boolean {
  return status !== 'pending';
}
