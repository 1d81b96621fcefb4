import { rootCertificates } from 'node:tls';
import * as oauth from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import type { BankCode } from '../../../domain/banks.ts';
import type {
  AuthorizationEnd,
  AuthorizationInput,
  AuthorizationStart,
  KeptAuthorization,
  PaymentOrder,
  PaymentResult,
  RedirectBankConnector,
} from '../../../ports/redirect-bank-connector.ts';
import * as wire from './uk-open-banking-v31.ts';

/** How Puente is known to one bank's open-finance servers. */
export interface OpenFinanceClientSettings {
  bankCode: BankCode;
  /** The bank's authorisation server issuer (its discovery document is under it). */
  issuer: string;
  /** The base URL of the bank's payment-initiation API. */
  resourceUrl: string;
  clientId: string;
  /** Puente's callback, as registered with the bank. */
  redirectUri: string;
  /** The private key of `private_key_jwt`, whose public half the bank holds. */
  signingKey: () => Promise<{ key: CryptoKey; kid: string }>;
  timeoutMs: number;
  /** Sandbox only: the simulator speaks plain http on loopback. */
  allowHttp: boolean;
  /** Sandbox only: registers Puente with the model bank before the first call. */
  register?: () => Promise<void>;
  /**
   * Mutual TLS to the bank (production): Puente's transport certificate and key, PEM, on every call Puente
   * makes (discovery, PAR, token, payment API), and the authorities trusted for the bank besides the
   * system's. The bank's `mtls_endpoint_aliases` are used when it advertises them.
   */
  transport?: { certificate: string; key: string; ca: string | null };
}

/** `fetch` over a TLS client certificate, or the global one. */
function transportFetch(transport: OpenFinanceClientSettings['transport']): typeof fetch {
  if (!transport) return globalThis.fetch;
  const agent = new Agent({
    connect: {
      cert: transport.certificate,
      key: transport.key,
      ...(transport.ca ? { ca: [...rootCertificates, transport.ca] } : {}),
    },
  });
  // Answered as this runtime's own `Response`: `openid-client` checks the class of what a fetch returns.
  return (async (url: string | URL, init?: RequestInit) => {
    const answer = await undiciFetch(url, { ...(init as object), dispatcher: agent });
    return new Response(answer.status === 204 ? null : await answer.arrayBuffer(), {
      status: answer.status,
      statusText: answer.statusText,
      headers: [...answer.headers],
    });
  }) as typeof fetch;
}

/**
 * A bank's open-finance face through `openid-client` (PAR, PKCE S256, `private_key_jwt`, `state` and RFC 9207
 * `iss` checked) and the UK Open Banking v3.1 payment API. Holds no per-payer state: what an authorisation
 * needs between redirect and callback is returned to the caller to seal and keep.
 */
export class OpenFinanceBankConnector implements RedirectBankConnector {
  readonly bankCode: BankCode;
  readonly authorizationOrigin: string;
  #configuration: Promise<oauth.Configuration> | null = null;
  readonly #fetch: typeof fetch;

  constructor(private readonly settings: OpenFinanceClientSettings) {
    this.bankCode = settings.bankCode;
    this.#fetch = transportFetch(settings.transport);
    // The authorisation endpoint is under the issuer (checked on discovery, see #config).
    this.authorizationOrigin = new URL(settings.issuer).origin;
  }

  async startAuthorization(input: AuthorizationInput): Promise<AuthorizationStart> {
    try {
      const configuration = await this.#config();
      const clientToken = await this.#clientToken(configuration);
      const created = await this.#call('POST', wire.PROFILE.consents, clientToken, {
        body: wire.consentRequest(input),
        idempotencyKey: input.idempotencyKey,
      });
      if (created.status === 400 || created.status === 403 || created.status === 409)
        return { outcome: 'refused' };
      const consent = wire.consentResponse.safeParse(created.body);
      if (created.status !== 201 || !consent.success) return { outcome: 'unavailable' };
      const codeVerifier = oauth.randomPKCECodeVerifier();
      const redirect = await oauth.buildAuthorizationUrlWithPAR(configuration, {
        redirect_uri: this.settings.redirectUri,
        response_type: 'code',
        scope: wire.PROFILE.scope,
        state: input.state,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        [wire.PROFILE.intentParameter]: consent.data.Data.ConsentId,
      });
      return {
        outcome: 'redirect',
        redirectUrl: redirect.href,
        kept: { consentId: consent.data.Data.ConsentId, state: input.state, codeVerifier },
      };
    } catch {
      // Never echoed: an error here may carry request details. The bank is discovered (and, in sandbox,
      // Puente registered) again next time, in case it restarted.
      this.#configuration = null;
      return { outcome: 'unavailable' };
    }
  }

  async completeAuthorization(callbackUrl: URL, kept: KeptAuthorization): Promise<AuthorizationEnd> {
    // Checked before anything else: a response with another state belongs to another authorisation.
    if (callbackUrl.searchParams.get('state') !== kept.state) return { outcome: 'invalid' };
    let configuration: oauth.Configuration;
    try {
      configuration = await this.#config();
    } catch {
      return { outcome: 'unavailable' };
    }
    try {
      const tokens = await oauth.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: kept.codeVerifier,
        expectedState: kept.state,
      });
      return { outcome: 'authorized', grant: tokens.access_token };
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        if (error.error !== 'access_denied') return { outcome: 'invalid' };
        return {
          outcome: 'denied',
          reason: /cancel/i.test(error.error_description ?? '') ? 'cancelled' : 'rejected',
        };
      }
      // A wrong `iss`, a used or foreign code (invalid_grant), a missing parameter: not this authorisation's.
      if (error instanceof oauth.ResponseBodyError || error instanceof oauth.ClientError)
        return { outcome: 'invalid' };
      return { outcome: 'unavailable' };
    }
  }

  async submitPayment(order: PaymentOrder): Promise<PaymentResult> {
    try {
      const answer = await this.#call('POST', wire.PROFILE.payments, order.grant, {
        body: wire.paymentRequest(order),
        idempotencyKey: order.idempotencyKey,
      });
      return this.#paymentAnswer(answer);
    } catch {
      return { status: 'unknown' };
    }
  }

  async paymentStatus(order: PaymentOrder): Promise<PaymentResult | { status: 'not_found' }> {
    try {
      if (order.paymentId) {
        const configuration = await this.#config();
        const token = await this.#clientToken(configuration);
        const answer = await this.#call(
          'GET',
          `${wire.PROFILE.payments}/${encodeURIComponent(order.paymentId)}`,
          token,
        );
        if (answer.status === 404) return { status: 'not_found' };
        return this.#paymentAnswer(answer);
      }
      // The answer to the order was lost: the same order with the same key returns the first payment (or,
      // if the bank never received it, makes it now: the payer authorised exactly this one).
      const answer = await this.#call('POST', wire.PROFILE.payments, order.grant, {
        body: wire.paymentRequest(order),
        idempotencyKey: order.idempotencyKey,
      });
      if (answer.status === 403) return { status: 'not_found' };
      return this.#paymentAnswer(answer);
    } catch {
      return { status: 'unknown' };
    }
  }

  #paymentAnswer(answer: { status: number; body: unknown }): PaymentResult {
    if (answer.status !== 200 && answer.status !== 201) return { status: 'unknown' };
    const payment = wire.paymentResponse.safeParse(answer.body);
    if (!payment.success) return { status: 'unknown' };
    return { ...wire.paymentResultOf(payment.data), paymentId: payment.data.Data.DomesticPaymentId };
  }

  #config(): Promise<oauth.Configuration> {
    this.#configuration ??= (async () => {
      await this.settings.register?.();
      const customFetch = this.#fetch as unknown as oauth.CustomFetch;
      const configuration = await oauth.discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        {
          token_endpoint_auth_method: 'private_key_jwt',
          ...(this.settings.transport ? { use_mtls_endpoint_aliases: true } : {}),
        },
        oauth.PrivateKeyJwt(await this.settings.signingKey()),
        this.settings.allowHttp
          ? {
              execute: [oauth.allowInsecureRequests],
              timeout: this.#seconds(),
              [oauth.customFetch]: customFetch,
            }
          : { timeout: this.#seconds(), [oauth.customFetch]: customFetch },
      );
      configuration.timeout = this.#seconds();
      configuration[oauth.customFetch] = customFetch;
      const endpoint = configuration.serverMetadata().authorization_endpoint;
      if (!endpoint || new URL(endpoint).origin !== this.authorizationOrigin)
        throw new Error('the authorisation endpoint is not on the issuer’s origin');
      return configuration;
    })();
    // A failed discovery is tried again on the next payment, not remembered.
    this.#configuration.catch(() => {
      this.#configuration = null;
    });
    return this.#configuration;
  }

  #seconds(): number {
    return Math.max(1, Math.ceil(this.settings.timeoutMs / 1000));
  }

  async #clientToken(configuration: oauth.Configuration): Promise<string> {
    const tokens = await oauth.clientCredentialsGrant(configuration, { scope: wire.PROFILE.scope });
    return tokens.access_token;
  }

  async #call(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    options: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['x-idempotency-key'] = options.idempotencyKey;
    const response = await this.#fetch(`${this.settings.resourceUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    if (response.status >= 500) return { status: response.status, body: null };
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: response.status, body };
  }
}
