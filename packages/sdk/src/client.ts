import { type BankCode, banks, type Environment } from './banks.ts';
import { PuenteApiError, PuenteNetworkError } from './errors.ts';
import {
  type PaymentNotification,
  type SignatureTokenResolver,
  type VerifyOptions,
  verifyNotification,
} from './notification.ts';

export interface PuenteOptions {
  /** The gateway's merchant API (`api_url`), e.g. `https://api.puente.cl`. */
  apiUrl: string;
  merchantCode: string;
  /** The merchant's secret API token: keep it on the server, never send it to a browser. */
  apiToken: string;
  /** The payment pages (`pmt_url`), when they are not served at `apiUrl`. */
  paymentUrl?: string;
  /** Per request; default 15 000 ms. */
  timeoutMs?: number;
}

export interface MetadataItem {
  name: string;
  value: string;
  /** Shown to the payer on the payment page. */
  show?: boolean;
}

/** How far the payer got (`payment_step`); `awaiting_transfer`: a direct transfer waits for its movement. */
export type PaymentStep =
  | 'created'
  | 'bank_selected'
  | 'logged_in'
  | 'second_factor_passed'
  | 'account_selected'
  | 'transfer_submitted'
  | 'transfer_confirmed'
  | 'awaiting_transfer';

export interface CreateSessionInput {
  /** 1–64 characters of `[A-Za-z0-9._-]`, e.g. `OC-700104`. */
  merchantOrderId: string;
  /** Whole Chilean pesos. */
  orderAmount: number;
  customerEmail?: string;
  /** Skip the bank choice: the payer goes straight to this bank's login. */
  userBankCode?: BankCode | (string & {});
  /**
   * A Puente extension: `direct_transfer` skips the bank choice and shows the merchant's collecting account,
   * the amount and a reference; the payment then waits at step `awaiting_transfer` for the movement.
   */
  paymentMethod?: 'direct_transfer';
  /** Prefilled in the bank login, e.g. `12.345.678-5`; also matches a direct transfer by the payer's RUT. */
  userRut?: string;
  /** Lock the prefilled RUT. */
  isRutBlock?: boolean;
  metadata?: MetadataItem[];
  paymentCompletedUrl?: string;
  paymentCancellationUrl?: string;
  paymentWebhookUrl?: string;
  /** The character that appends `jwt=` to a redirect URL that already has a query (default `&`). */
  concat?: string;
  /**
   * The payer's language at the shop, carried to the payment pages (`?lang=`). Without it the payment pages
   * follow the browser's `Accept-Language`, else Spanish.
   */
  language?: 'es' | 'en';
}

export interface CreatedSession {
  /** The session token. */
  token: string;
  /** The key of this session's notification JWTs: store it with the order, server-side. */
  signatureToken: string;
  expiresAt: Date;
  /** Send the payer's browser here. */
  paymentUrl: string;
}

export type PaymentStatus = PaymentNotification['paymentStatus'];

export interface PaymentStatusEntry {
  sessionToken: string;
  paymentToken: string | null;
  merchantOrderId: string;
  orderAmount: number;
  paymentStatus: PaymentStatus;
  paymentStep: PaymentStep | (string & {});
  userBankCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type StatusQuery =
  | { paymentToken: string; merchantOrderId?: string; sessionToken?: string }
  | { merchantOrderId: string; paymentToken?: string; sessionToken?: string }
  | { sessionToken: string; paymentToken?: string; merchantOrderId?: string };

/**
 * A merchant's client of a Puente gateway. No dependencies: global `fetch` and `node:crypto`.
 *
 * @example
 *   const puente = new Puente({ apiUrl: 'https://api.puente.cl', merchantCode, apiToken });
 *   const session = await puente.createSession({ merchantOrderId: 'OC-1', orderAmount: 50000 });
 *   // store session.signatureToken with the order, then redirect the payer to session.paymentUrl
 */
export class Puente {
  readonly #apiUrl: string;
  readonly #paymentUrl: string;
  readonly #merchantCode: string;
  readonly #apiToken: string;
  readonly #timeoutMs: number;

  constructor(options: PuenteOptions) {
    if (!/^https?:\/\//.test(options.apiUrl)) throw new TypeError('apiUrl must be an http(s) URL');
    if (!options.merchantCode || !options.apiToken) {
      throw new TypeError('merchantCode and apiToken are required');
    }
    this.#apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.#paymentUrl = (options.paymentUrl ?? options.apiUrl).replace(/\/+$/, '');
    this.#merchantCode = options.merchantCode;
    this.#apiToken = options.apiToken;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  get merchantCode(): string {
    return this.#merchantCode;
  }

  /** Opens a payment session (`POST /session/initialize`). */
  async createSession(input: CreateSessionInput): Promise<CreatedSession> {
    const body = await this.#post('/session/initialize', {
      merchant_code: this.#merchantCode,
      merchant_api_token: this.#apiToken,
      merchant_order_id: input.merchantOrderId,
      order_amount: input.orderAmount,
      customer_email: input.customerEmail,
      user_bank_code: input.userBankCode,
      user_rut: input.userRut,
      payment_method: input.paymentMethod,
      is_rut_block: input.isRutBlock,
      metadata: input.metadata?.map((item) => ({
        name: item.name,
        value: item.value,
        show: item.show ?? false,
      })),
      payment_completed_url: input.paymentCompletedUrl,
      payment_cancellation_url: input.paymentCancellationUrl,
      payment_webhook_url: input.paymentWebhookUrl,
      concat: input.concat,
    });
    const session = body as Record<string, unknown>;
    if (typeof session.token !== 'string' || typeof session.signature_token !== 'string') {
      throw new PuenteApiError(502, 'invalid_response', 'the gateway answered without a session', null);
    }
    return {
      token: session.token,
      signatureToken: session.signature_token,
      expiresAt: new Date(String(session.expires_at)),
      paymentUrl: withLanguage(
        typeof session.payment_url === 'string' ? session.payment_url : this.paymentUrl(session.token),
        input.language,
      ),
    };
  }

  /** The merchant's sessions matching every criterion given, newest first (`POST /merchant/check_payment_status`). */
  async checkPaymentStatus(query: StatusQuery): Promise<PaymentStatusEntry[]> {
    const body = await this.#post('/merchant/check_payment_status', {
      merchant_code: this.#merchantCode,
      merchant_api_token: this.#apiToken,
      payment_token: query.paymentToken,
      merchant_order_id: query.merchantOrderId,
      session_token: query.sessionToken,
    });
    if (!Array.isArray(body)) {
      throw new PuenteApiError(502, 'invalid_response', 'the gateway answered without a list', null);
    }
    return body.map((entry: Record<string, unknown>) => ({
      sessionToken: entry.session_token as string,
      paymentToken: (entry.payment_token as string | null) ?? null,
      merchantOrderId: entry.merchant_order_id as string,
      orderAmount: entry.order_amount as number,
      paymentStatus: entry.payment_status as PaymentStatus,
      paymentStep: entry.payment_step as string,
      userBankCode: (entry.user_bank_code as string | null) ?? null,
      createdAt: new Date(String(entry.created_at)),
      updatedAt: new Date(String(entry.updated_at)),
    }));
  }

  /**
   * Verifies a webhook body or redirect URL signed with the session's `signature_token` (or a function that
   * finds it), and checks that it is for this merchant. See `verifyNotification`.
   */
  verifyNotification(
    input: unknown,
    signatureToken: string | SignatureTokenResolver,
    options: Omit<VerifyOptions, 'merchantCode'> = {},
  ): Promise<PaymentNotification> {
    return verifyNotification(input, signatureToken, { ...options, merchantCode: this.#merchantCode });
  }

  /** The payment page of a session token, in `language` when given (else the browser's, else Spanish). */
  paymentUrl(token: string, language?: 'es' | 'en'): string {
    return withLanguage(`${this.#paymentUrl}/session/${encodeURIComponent(token)}`, language);
  }

  /** The banks a payer can choose; pass `'sandbox'` to include the test bank. */
  banks(environment?: Environment) {
    return banks(environment);
  }

  async #post(path: string, fields: Record<string, unknown>): Promise<unknown> {
    // Absent optional fields are left out rather than sent as null.
    const body = JSON.stringify(
      Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    );
    let response: Response;
    try {
      response = await fetch(`${this.#apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new PuenteNetworkError(
        timedOut
          ? `Puente did not answer ${path} within ${this.#timeoutMs} ms`
          : `could not reach Puente at ${this.#apiUrl}`,
        timedOut,
        { cause: error },
      );
    }
    const requestId = response.headers.get('x-request-id');
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new PuenteNetworkError(`the answer to ${path} was cut short`, timedOut, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
      throw new PuenteApiError(
        response.status,
        typeof error.code === 'string' ? error.code : 'http_error',
        typeof error.message === 'string' ? error.message : `Puente answered ${response.status}`,
        typeof error.request_id === 'string' ? error.request_id : requestId,
        typeof error.field === 'string' ? error.field : null,
      );
    }
    if (parsed === undefined) {
      throw new PuenteApiError(
        response.status,
        'invalid_response',
        'the gateway answered with no JSON',
        requestId,
      );
    }
    return parsed;
  }
}

/** `url` with `lang=` set when a language is given; any other query is kept. */
function withLanguage(url: string, language: 'es' | 'en' | undefined): string {
  if (!language) return url;
  const target = new URL(url);
  target.searchParams.set('lang', language);
  return target.href;
}
