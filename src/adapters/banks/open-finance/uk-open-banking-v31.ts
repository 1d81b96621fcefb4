import { z } from 'zod';
import type { Creditor } from '../../../domain/creditor.ts';
import type { TransferRejection, TransferResult } from '../../../ports/bank-connector.ts';
import type { PaymentOrder } from '../../../ports/redirect-bank-connector.ts';

/**
 * The open-finance wire profile in use until Chile's is published: UK Open Banking Read/Write API v3.1,
 * Payment Initiation (`/domestic-payment-consents`, `/domestic-payments`). Everything this profile says on
 * the wire, and the one mapping of its statuses into Puente's, is in this file; a second profile is a
 * second file like it.
 */
export const PROFILE = {
  scope: 'payments',
  intentParameter: 'openbanking_intent_id',
  consents: '/domestic-payment-consents',
  payments: '/domestic-payments',
} as const;

/**
 * The creditor's account scheme. v3.1's domestic initiation has no creditor agent: a UK account is named by
 * sort code and account number in one `Identification` (`UK.OBIE.SortCodeAccountNumber`). A Chilean
 * interbank transfer names the bank, the account type and the number, so this profile writes them as
 * `<bank code>:<account type>:<number>` (`cl_bci:corriente:12345678`) under its own scheme name, with the
 * holder's name in `Name` and the holder's RUT in `SecondaryIdentification`.
 */
export const CREDITOR_SCHEME = 'CL.Puente.BankAccount';

export function creditorAccount(creditor: Creditor) {
  return {
    SchemeName: CREDITOR_SCHEME,
    Identification: `${creditor.bankCode}:${creditor.accountType}:${creditor.accountNumber}`,
    Name: creditor.holderName,
    SecondaryIdentification: creditor.holderRut,
  };
}

export function initiation(
  order: Pick<PaymentOrder, 'amount' | 'recipient' | 'reference' | 'idempotencyKey'>,
) {
  return {
    InstructionIdentification: order.idempotencyKey.slice(0, 35),
    EndToEndIdentification: order.idempotencyKey.slice(0, 35),
    InstructedAmount: { Amount: `${order.amount}.00`, Currency: 'CLP' },
    CreditorAccount: creditorAccount(order.recipient),
    // Max35Text in v3.1: Puente's mark comes first in the reference, so the cut keeps it.
    RemittanceInformation: { Reference: order.reference.slice(0, 35) },
  };
}

export function consentRequest(order: Parameters<typeof initiation>[0]) {
  return { Data: { Initiation: initiation(order) }, Risk: {} };
}

export function paymentRequest(order: PaymentOrder) {
  return { Data: { ConsentId: order.consentId, Initiation: initiation(order) }, Risk: {} };
}

export const consentResponse = z.object({
  Data: z.object({ ConsentId: z.string().min(1), Status: z.string() }),
});

export const paymentResponse = z.object({
  Data: z.object({
    DomesticPaymentId: z.string().min(1),
    Status: z.string(),
    StatusDetail: z.object({ StatusReason: z.string().optional() }).optional(),
    Reference: z.string().optional(),
  }),
});
export type PaymentResponse = z.infer<typeof paymentResponse>;

/** ISO 20022 reason codes of a refused payment, as Puente names them; any other is a plain refusal. */
function rejectionOf(reason: string | undefined): TransferRejection {
  switch (reason) {
    case 'AM04':
      return 'insufficient_funds';
    case 'AM02':
    case 'AM14':
      return 'over_daily_limit';
    case 'AC06':
      return 'account_blocked';
    default:
      return 'rejected';
  }
}

/**
 * A v3.1 domestic payment status as Puente's transfer result: only settlement completed is success; a status
 * this profile does not know is pending (asked again later), never success.
 */
export function paymentResultOf(payment: PaymentResponse): TransferResult {
  const { Data } = payment;
  const reference = Data.Reference ?? Data.DomesticPaymentId;
  switch (Data.Status) {
    case 'AcceptedSettlementCompleted':
    case 'AcceptedCreditSettlementCompleted':
      return { status: 'completed', bankReference: reference };
    case 'Rejected':
      return { status: 'rejected', reason: rejectionOf(Data.StatusDetail?.StatusReason) };
    case 'Pending':
    case 'AcceptedSettlementInProcess':
    case 'AcceptedWithoutPosting':
      return { status: 'pending', bankReference: reference };
    default:
      return { status: 'pending', bankReference: reference };
  }
}

/** A v3.1 consent status: only `Authorised` may be paid from; `Rejected` ends the attempt. */
export function consentStateOf(status: string): 'awaiting' | 'authorised' | 'rejected' | 'consumed' {
  switch (status) {
    case 'Authorised':
      return 'authorised';
    case 'Rejected':
      return 'rejected';
    case 'Consumed':
      return 'consumed';
    default:
      return 'awaiting';
  }
}
