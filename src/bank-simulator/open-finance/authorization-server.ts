import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { AdapterPayload, Configuration, default as Provider } from 'oidc-provider';
import { ProviderStorage } from './provider-storage.ts';

/** The scope of payment initiation at a model bank. */
export const PAYMENTS_SCOPE = 'payments';
/** The authorisation request parameter naming the consent being authorised (as UK Open Banking does). */
export const INTENT_PARAM = 'openbanking_intent_id';

/** Where a model bank's open-finance face lives, under the simulator's origin. */
export function openFinancePaths(bankCode: string) {
  const base = `/banks/${bankCode}/open-finance`;
  return {
    base,
    /** The authorisation server's issuer path; its endpoints are under it. */
    issuer: `${base}/oauth`,
    interaction: (uid: string) => `${base}/interaction/${uid}`,
    /** The resource server (payment initiation) and the audience of its access tokens. */
    resource: `${base}/pisp`,
  };
}

/**
 * The model banks' authorisation servers: one `oidc-provider` per bank, built on its first request with the
 * issuer the caller reached it at (the simulator does not know its public URL until it listens). Profile:
 * PAR required, PKCE S256 required, `private_key_jwt` only, codes single use and short lived, `iss` in the
 * authorisation response (RFC 9207), access tokens bound to the payment resource. Clients are registered
 * through the simulator's admin API with their public JWKS.
 */
export class AuthorizationServers {
  readonly #providers = new Map<string, Promise<Provider>>();
  readonly #clients = new Map<string, AdapterPayload>();
  readonly storage = new ProviderStorage((clientId) => this.#clients.get(clientId));
  readonly #cookieKeys = [randomBytes(32).toString('base64url')];
  #signingKey: Promise<JWK> | null = null;

  constructor(private readonly options: { accessTokenSeconds: number } = { accessTokenSeconds: 600 }) {}

  /** Registers (or replaces) a client at every model bank. */
  registerClient(client: { clientId: string; jwks: { keys: JWK[] }; redirectUris: string[] }): void {
    this.#clients.set(client.clientId, {
      client_id: client.clientId,
      jwks: client.jwks as AdapterPayload['jwks'],
      redirect_uris: client.redirectUris,
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['authorization_code', 'client_credentials'],
      response_types: ['code'],
      scope: PAYMENTS_SCOPE,
      // The model bank signs with one ES256 key.
      id_token_signed_response_alg: 'ES256',
    });
  }

  hasClient(clientId: string): boolean {
    return this.#clients.has(clientId);
  }

  provider(bankCode: string, origin: string): Promise<Provider> {
    const key = `${bankCode}|${origin}`;
    let provider = this.#providers.get(key);
    if (!provider) {
      provider = this.#build(bankCode, origin);
      this.#providers.set(key, provider);
    }
    return provider;
  }

  /** Forgets every code, token, grant and interaction (clients stay registered). */
  reset(): void {
    this.storage.clear();
  }

  async #build(bankCode: string, origin: string): Promise<Provider> {
    this.#signingKey ??= generateKeyPair('ES256', { extractable: true }).then(async ({ privateKey }) => ({
      ...(await exportJWK(privateKey)),
      alg: 'ES256',
      use: 'sig',
      kid: `model-bank-${randomBytes(4).toString('hex')}`,
    }));
    const paths = openFinancePaths(bankCode);
    const resource = `${origin}${paths.resource}`;
    const configuration: Configuration = {
      adapter: this.storage.adapterFor(bankCode),
      jwks: { keys: [await this.#signingKey] },
      cookies: { keys: this.#cookieKeys },
      clientAuthMethods: ['private_key_jwt'],
      clientDefaults: {
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
        token_endpoint_auth_method: 'private_key_jwt',
      },
      responseTypes: ['code'],
      scopes: [PAYMENTS_SCOPE],
      extraParams: [INTENT_PARAM],
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: false },
        pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
        clientCredentials: { enabled: true },
        rpInitiatedLogout: { enabled: false },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => resource,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, indicator) => {
            if (indicator !== resource) throw new Error(`unknown resource ${indicator}`);
            return { scope: PAYMENTS_SCOPE, audience: resource, accessTokenFormat: 'opaque' };
          },
        },
      },
      interactions: { url: (_ctx, interaction) => paths.interaction(interaction.uid) },
      findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
      ttl: {
        AuthorizationCode: 60,
        PushedAuthorizationRequest: 60,
        AccessToken: this.options.accessTokenSeconds,
        ClientCredentials: 600,
        Interaction: 600,
        Session: 600,
        Grant: 600,
      },
      issueRefreshToken: () => false,
    };
    // Loaded on first use: on Node 20 the library prints a runtime warning when imported, which every CLI
    // command would otherwise show (the simulator is part of the CLI).
    const { default: OidcProvider } = await import('oidc-provider');
    const provider = new OidcProvider(`${origin}${paths.issuer}`, configuration);
    // The simulator speaks plain http on loopback in the sandbox; behind a TLS proxy the headers say so.
    provider.proxy = true;
    return provider;
  }
}
