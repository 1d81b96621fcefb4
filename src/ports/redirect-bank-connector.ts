import type { BankCode } from '../domain/banks.ts';
import type { BankUnavailable, TransferOrder, TransferResult } from './bank-connector.ts';

/**
 * One bank's open-finance face, as the funnel uses it: the payer authorises the payment AT THE BANK, never
 * giving Puente a password. A payment-initiation provider asks the bank for a payment consent, sends the
 * payer's browser to the bank's authorisation server (PAR, PKCE S256, `private_key_jwt`), exchanges the code
 * the payer brings back once (`state` and `iss` checked), and submits the payment order with an idempotency
 * key.
 *
 * Rules every adapter keeps (as `BankConnector`'s):
 * - Tokens and the PKCE verifier are secrets: never logged, never in an error or a returned outcome other
 *   than the ones meant to be sealed (`kept`, `grant`).
 * - Expected outcomes are values; an answer that cannot be classified, a timeout or a 5xx on
 *   `submitPayment` is `{ status: 'unknown' }`, never success; the caller then asks `paymentStatus`.
 * - `submitPayment` is idempotent by `idempotencyKey`: the same key never moves money twice.
 *
 * @example
 *   const start = await bank.startAuthorization({ amount: 15_990, recipient, reference: 'OC-1',
 *     idempotencyKey: paymentToken, state: `${sessionId}.${random}` });
 *   // keep sealer.seal(JSON.stringify(start.kept)); send the browser to start.redirectUrl
 *   const back = await bank.completeAuthorization(new URL(callbackUrl), kept);
 *   if (back.outcome === 'authorized')
 *     await bank.submitPayment({ grant: back.grant, idempotencyKey: paymentToken, ... });
 */
export interface RedirectBankConnector {
  readonly bankCode: BankCode;
  /**
   * The origin of the bank's authorisation pages, where the payer's browser is sent: the page with the
   * "continue at the bank" form must allow it in its `form-action`, since browsers apply it to redirects.
   */
  readonly authorizationOrigin: string;

  /** Asks the bank for a payment consent and pushes the authorisation request (PAR). */
  startAuthorization(input: AuthorizationInput): Promise<AuthorizationStart>;

  /**
   * The payer is back from the bank with `callbackUrl` (its query is the authorisation response): checks
   * `state` and `iss` against what was kept and exchanges the code, once.
   */
  completeAuthorization(callbackUrl: URL, kept: KeptAuthorization): Promise<AuthorizationEnd>;

  /** Submits the payment order under the authorised consent, at most once per idempotency key. */
  submitPayment(order: PaymentOrder): Promise<PaymentResult>;

  /** What became of the payment sent with this order's key; `not_found` when the bank never received it. */
  paymentStatus(order: PaymentOrder): Promise<PaymentResult | { status: 'not_found' }>;
}

export interface AuthorizationInput {
  amount: number;
  /** The creditor: the merchant's collecting account. The payment order must name the same one. */
  recipient: TransferOrder['recipient'];
  /** Puente's mark and the merchant's order id (`initiatedTransferText`), shown to the payer at the bank. */
  reference: string;
  /** The attempt's payment_token: the consent's and the payment order's idempotency key. */
  idempotencyKey: string;
  /** Binds the bank's answer to one funnel session; must be unguessable. */
  state: string;
}

/** What must be kept (sealed) between the redirect and the callback. Holds the PKCE verifier: a secret. */
export interface KeptAuthorization {
  consentId: string;
  state: string;
  codeVerifier: string;
}

export type AuthorizationStart =
  | { outcome: 'redirect'; redirectUrl: string; kept: KeptAuthorization }
  /** The bank refused to create the consent (e.g. it does not serve this amount or payee). */
  | { outcome: 'refused' }
  | BankUnavailable;

export type AuthorizationEnd =
  /** `grant` is the access token the payer granted: a secret, to be sealed if it is kept at all. */
  | { outcome: 'authorized'; grant: string }
  /** The payer cancelled at the bank, or the bank (or the payer) rejected the consent. */
  | { outcome: 'denied'; reason: 'cancelled' | 'rejected' }
  /** A response that does not belong to this authorisation (state, iss, code): nothing is done. */
  | { outcome: 'invalid' }
  | BankUnavailable;

export interface PaymentOrder {
  grant: string;
  consentId: string;
  amount: number;
  recipient: TransferOrder['recipient'];
  reference: string;
  idempotencyKey: string;
  /** The bank's id of the payment, once known (asks it directly instead of replaying the order). */
  paymentId?: string | null;
}

/** A transfer result, plus the bank's id of the payment when it gave one. */
export type PaymentResult = TransferResult & { paymentId?: string };

/** The open-finance connector of a bank code, or null when that bank uses the credentials flow. */
export type RedirectBankConnectors = (code: BankCode) => RedirectBankConnector | null;
