import { randomUUID } from 'node:crypto';
import type { TransferRecipient } from '../accounts.ts';
import type { TransferAnswer, TransferRecord } from '../bank-transfers.ts';
import type { SimulatedBank } from '../simulator-state.ts';
import type { TestPayer } from '../test-payers.ts';

/** UK Open Banking v3.1 consent statuses (the model bank's wire profile). */
export type ConsentStatus = 'AwaitingAuthorisation' | 'Authorised' | 'Rejected' | 'Consumed';

export interface PaymentConsent {
  id: string;
  clientId: string;
  status: ConsentStatus;
  amount: number;
  /** The account the payment will credit, at its own bank. */
  creditor: TransferRecipient;
  reference: string;
  idempotencyKey: string;
  createdAt: Date;
  updatedAt: Date;
  /** Set when the payer authorises at the bank: who, from which account, under which grant. */
  payer: TestPayer | null;
  accountId: string | null;
  grantId: string | null;
}

export interface DomesticPayment {
  id: string;
  consentId: string;
  idempotencyKey: string;
  transfer: TransferRecord;
}

export type ConsentInput = Pick<PaymentConsent, 'amount' | 'creditor' | 'reference' | 'idempotencyKey'>;

/**
 * The payment consents and domestic payments of one model bank. A payment is a transfer of the bank's
 * `BankTransfers`, so it lands in the SAME ledger and shares the same idempotency keys as the credentials
 * flow. Every method runs without an await, so concurrent requests see each other's effects.
 */
export class PaymentConsents {
  readonly #consents = new Map<string, PaymentConsent>();
  readonly #consentByKey = new Map<string, string>();
  readonly #payments = new Map<string, DomesticPayment>();
  readonly #paymentByKey = new Map<string, string>();

  constructor(private readonly bank: Pick<SimulatedBank, 'transfers' | 'sessions'>) {}

  create(
    clientId: string,
    input: ConsentInput,
    now: Date,
  ): { result: 'created'; consent: PaymentConsent } | { result: 'idempotency_conflict' } {
    const known = this.#consentByKey.get(`${clientId}:${input.idempotencyKey}`);
    if (known) {
      const consent = this.#consents.get(known) as PaymentConsent;
      const same = consent.amount === input.amount && sameCreditor(consent.creditor, input.creditor);
      return same ? { result: 'created', consent } : { result: 'idempotency_conflict' };
    }
    const consent: PaymentConsent = {
      id: `pdc-${randomUUID()}`,
      clientId,
      status: 'AwaitingAuthorisation',
      ...input,
      createdAt: now,
      updatedAt: now,
      payer: null,
      accountId: null,
      grantId: null,
    };
    this.#consents.set(consent.id, consent);
    this.#consentByKey.set(`${clientId}:${input.idempotencyKey}`, consent.id);
    return { result: 'created', consent };
  }

  consent(id: string, clientId?: string): PaymentConsent | null {
    const consent = this.#consents.get(id) ?? null;
    return consent && (clientId === undefined || consent.clientId === clientId) ? consent : null;
  }

  /** The payer said yes at the bank, from `accountId`; refused unless the consent is still awaiting. */
  authorise(id: string, payer: TestPayer, accountId: string, grantId: string, now: Date): boolean {
    const consent = this.#consents.get(id);
    if (consent?.status !== 'AwaitingAuthorisation') return false;
    Object.assign(consent, { status: 'Authorised', payer, accountId, grantId, updatedAt: now });
    return true;
  }

  /** The bank (or the payer) refused the consent. */
  reject(id: string, now: Date): void {
    const consent = this.#consents.get(id);
    if (consent?.status !== 'AwaitingAuthorisation') return;
    Object.assign(consent, { status: 'Rejected', updatedAt: now });
  }

  /**
   * The payment order under an authorised consent, once per idempotency key: the same key (and consent)
   * returns the first payment, whatever happened in between; another key on a consumed consent is refused.
   */
  submit(
    consentId: string,
    grantId: string,
    idempotencyKey: string,
    now: number,
    pendingSettlesAs: 'completed' | 'rejected',
  ):
    | { result: 'payment'; payment: DomesticPayment }
    | { result: 'consent_not_authorised' | 'idempotency_conflict' | 'unknown_account' } {
    const knownId = this.#paymentByKey.get(idempotencyKey);
    if (knownId) {
      const payment = this.#payments.get(knownId) as DomesticPayment;
      if (payment.consentId !== consentId) return { result: 'idempotency_conflict' };
      this.bank.transfers.settleDue(now);
      return { result: 'payment', payment };
    }
    const consent = this.#consents.get(consentId);
    if (
      consent?.status !== 'Authorised' ||
      consent.grantId !== grantId ||
      !consent.payer ||
      !consent.accountId
    )
      return { result: 'consent_not_authorised' };
    const answer: TransferAnswer = this.bank.transfers.transferAuthorised(
      {
        accountId: consent.accountId,
        amount: consent.amount,
        recipient: consent.creditor,
        idempotencyKey,
        description: consent.reference,
      },
      consent.payer,
      now,
      pendingSettlesAs,
    );
    if (answer.result === 'session_expired') return { result: 'consent_not_authorised' };
    if (answer.result !== 'transfer') return { result: answer.result };
    consent.status = 'Consumed';
    consent.updatedAt = new Date(now);
    const payment: DomesticPayment = {
      id: `pdp-${randomUUID()}`,
      consentId,
      idempotencyKey,
      transfer: answer.transfer,
    };
    this.#payments.set(payment.id, payment);
    this.#paymentByKey.set(idempotencyKey, payment.id);
    return { result: 'payment', payment };
  }

  payment(id: string, now: number): DomesticPayment | null {
    this.bank.transfers.settleDue(now);
    return this.#payments.get(id) ?? null;
  }

  reset(): void {
    this.#consents.clear();
    this.#consentByKey.clear();
    this.#payments.clear();
    this.#paymentByKey.clear();
  }
}

/** The whole creditor: bank, account type and number, holder's name and RUT. */
export function sameCreditor(a: TransferRecipient, b: TransferRecipient): boolean {
  return (
    a.bank === b.bank &&
    a.accountType === b.accountType &&
    a.account === b.account &&
    a.name === b.name &&
    a.rut === b.rut
  );
}
