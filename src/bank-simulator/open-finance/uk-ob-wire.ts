import { z } from 'zod';
import { parseBankCode } from '../../domain/banks.ts';
import { ACCOUNT_TYPES, type AccountType } from '../../domain/direct-transfer.ts';
import type { TransferRecipient } from '../accounts.ts';
import type { TransferRecord } from '../bank-transfers.ts';
import type { DomesticPayment, PaymentConsent } from './payment-consents.ts';

const CREDITOR_SCHEME = 'CL.Puente.BankAccount';

/**
 * The model bank's wire: UK Open Banking Read/Write API v3.1, Payment Initiation (domestic payment
 * consents and domestic payments), with pesos as `Amount` strings in `CLP`. Only the fields Puente sends
 * and reads are modelled; unknown fields are ignored as the standard allows.
 */
const amount = z.object({
  Amount: z.string().regex(/^\d{1,13}(\.0{1,2})?$/, 'whole pesos'),
  Currency: z.literal('CLP'),
});

export const initiationSchema = z.object({
  InstructionIdentification: z.string().min(1).max(35),
  EndToEndIdentification: z.string().min(1).max(35),
  InstructedAmount: amount,
  CreditorAccount: z.object({
    SchemeName: z.string().min(1).max(40),
    Identification: z.string().min(1).max(256),
    Name: z.string().min(1).max(350),
    SecondaryIdentification: z.string().max(34).optional(),
  }),
  RemittanceInformation: z.object({ Reference: z.string().max(35).optional() }).optional(),
});
export type WireInitiation = z.infer<typeof initiationSchema>;

/**
 * The creditor account Puente's profile names (`CL.Puente.BankAccount`: `<bank code>:<account type>:<number>`
 * in `Identification`, the holder's RUT in `SecondaryIdentification`), or null when the model bank cannot
 * tell where to credit it.
 */
export function creditorOf(account: WireInitiation['CreditorAccount']): TransferRecipient | null {
  if (account.SchemeName !== CREDITOR_SCHEME) return null;
  const [bankText = '', accountType = '', number = '', ...rest] = account.Identification.split(':');
  const bank = parseBankCode(bankText);
  if (!bank || !ACCOUNT_TYPES.includes(accountType as AccountType) || number === '' || rest.length > 0)
    return null;
  return {
    bank,
    accountType,
    account: number,
    name: account.Name,
    rut: account.SecondaryIdentification ?? '',
  };
}

export const consentRequestSchema = z.object({
  Data: z.object({ Initiation: initiationSchema }),
  Risk: z.object({}).passthrough().default({}),
});

export const paymentRequestSchema = z.object({
  Data: z.object({ ConsentId: z.string().min(1).max(128), Initiation: initiationSchema }),
  Risk: z.object({}).passthrough().default({}),
});

export function pesosOf(initiation: WireInitiation): number {
  return Number.parseInt(initiation.InstructedAmount.Amount, 10);
}

export function initiationOf(consent: PaymentConsent): WireInitiation {
  return {
    InstructionIdentification: consent.idempotencyKey.slice(0, 35),
    EndToEndIdentification: consent.idempotencyKey.slice(0, 35),
    InstructedAmount: { Amount: `${consent.amount}.00`, Currency: 'CLP' },
    CreditorAccount: {
      SchemeName: CREDITOR_SCHEME,
      Identification: `${consent.creditor.bank}:${consent.creditor.accountType}:${consent.creditor.account}`,
      Name: consent.creditor.name,
      SecondaryIdentification: consent.creditor.rut,
    },
    RemittanceInformation: { Reference: consent.reference },
  };
}

export function consentToWire(consent: PaymentConsent, self: string) {
  return {
    Data: {
      ConsentId: consent.id,
      Status: consent.status,
      CreationDateTime: consent.createdAt.toISOString(),
      StatusUpdateDateTime: consent.updatedAt.toISOString(),
      Initiation: initiationOf(consent),
    },
    Risk: {},
    Links: { Self: self },
    Meta: {},
  };
}

/** The v3.1 status of a transfer, and the ISO 20022 reason of a refusal. */
function statusOf(transfer: TransferRecord): { Status: string; StatusReason?: string } {
  switch (transfer.status) {
    case 'completed':
      return { Status: 'AcceptedSettlementCompleted' };
    case 'pending':
      return { Status: 'Pending' };
    case 'rejected':
      return { Status: 'Rejected', StatusReason: REASONS[transfer.reason ?? 'rejected_by_bank'] };
    default: {
      const exhaustive: never = transfer.status;
      throw new Error(`unhandled transfer status ${String(exhaustive)}`);
    }
  }
}

const REASONS: Record<NonNullable<TransferRecord['reason']>, string> = {
  insufficient_funds: 'AM04',
  daily_limit_exceeded: 'AM14',
  account_blocked: 'AC06',
  rejected_by_bank: 'MS03',
};

export function paymentToWire(payment: DomesticPayment, consent: PaymentConsent, self: string) {
  const { Status, StatusReason } = statusOf(payment.transfer);
  return {
    Data: {
      DomesticPaymentId: payment.id,
      ConsentId: payment.consentId,
      Status,
      ...(StatusReason ? { StatusDetail: { Status, StatusReason } } : {}),
      CreationDateTime: payment.transfer.createdAt.toISOString(),
      StatusUpdateDateTime: new Date().toISOString(),
      Initiation: initiationOf(consent),
      // Not in v3.1: the bank's own reference of the movement, so statements can be matched.
      Reference: payment.transfer.reference,
    },
    Links: { Self: self },
    Meta: {},
  };
}

/** The v3.1 error envelope. */
export function obError(code: string, message: string) {
  return { Code: code, Message: message, Errors: [{ ErrorCode: code, Message: message }] };
}
