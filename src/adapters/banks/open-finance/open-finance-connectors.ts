import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../../../config.ts';
import type { BankCode } from '../../../domain/banks.ts';
import type {
  RedirectBankConnector,
  RedirectBankConnectors,
} from '../../../ports/redirect-bank-connector.ts';
import { OpenFinanceBankConnector } from './open-finance-bank-connector.ts';

/** Where the payer's browser comes back from the bank, under `PUENTE_PAYMENT_URL`. */
export const OPEN_FINANCE_CALLBACK_PATH = '/open-finance/callback';

import { openFinanceBankCodes } from '../../../open-finance-settings.ts';

export { openFinanceBankCodes };

/**
 * Puente's client signing key for `private_key_jwt`: `PUENTE_OPEN_FINANCE_SIGNING_KEY` (a private EC P-256
 * JWK), or in sandbox one generated once into the data folder (`open-finance-client-key.json`, mode 0600).
 */
export function loadClientSigningKey(config: Config): {
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
  kid: string;
} {
  let privateJwk: JsonWebKey;
  if (config.PUENTE_OPEN_FINANCE_SIGNING_KEY) {
    privateJwk = JSON.parse(config.PUENTE_OPEN_FINANCE_SIGNING_KEY) as JsonWebKey;
  } else {
    // With PostgreSQL nothing else creates the data folder.
    mkdirSync(resolve(config.PUENTE_DATA_DIR), { recursive: true });
    const file = resolve(config.PUENTE_DATA_DIR, 'open-finance-client-key.json');
    if (existsSync(file)) {
      privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JsonWebKey;
    } else {
      privateJwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
      writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  return signingKeyOf(privateJwk);
}

/** The public half of a private EC P-256 JWK, with its key id: `kid`, or its RFC 7638 thumbprint. */
export function signingKeyOf(
  privateJwk: JsonWebKey,
  kid: string | null = null,
): { privateJwk: JsonWebKey; publicJwk: JsonWebKey; kid: string } {
  const { d: _private, ...publicJwk } = privateJwk;
  // The thumbprint by default, so a rotated key gets a new id.
  const id =
    kid ??
    createHash('sha256')
      .update(JSON.stringify({ crv: publicJwk.crv, kty: publicJwk.kty, x: publicJwk.x, y: publicJwk.y }))
      .digest('base64url');
  return { privateJwk, publicJwk: { ...publicJwk, kid: id, alg: 'ES256', use: 'sig' }, kid: id };
}

/** `private_key_jwt`'s signing key, imported once on first use. */
function signingKeyLoader(signing: { privateJwk: JsonWebKey; kid: string }) {
  let key: Promise<CryptoKey> | null = null;
  return async () => {
    key ??= crypto.subtle.importKey(
      'jwk',
      signing.privateJwk as JsonWebKey,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    return { key: await key, kid: signing.kid };
  };
}

/**
 * Production: one connector per bank with complete `PUENTE_OPEN_FINANCE_<BANK>_*` settings (checked at
 * start), at that bank's issuer and payment API, over mutual TLS; every other bank has none.
 */
function productionConnectors(config: Config): RedirectBankConnectors {
  const redirectUri = `${config.PUENTE_PAYMENT_URL}${OPEN_FINANCE_CALLBACK_PATH}`;
  const connectors = new Map<BankCode, RedirectBankConnector>(
    config.openFinanceBanks.map((bank) => [
      bank.bankCode,
      new OpenFinanceBankConnector({
        bankCode: bank.bankCode,
        issuer: bank.issuer,
        resourceUrl: bank.paymentsUrl,
        clientId: bank.clientId,
        redirectUri,
        signingKey: signingKeyLoader(signingKeyOf(bank.signingJwk, bank.signingKeyId)),
        timeoutMs: config.PUENTE_BANK_TIMEOUT_MS,
        allowHttp: false,
        transport: { certificate: bank.tlsCertificate, key: bank.tlsKey, ca: bank.tlsCa },
      }),
    ]),
  );
  return (code) => connectors.get(code) ?? null;
}

/**
 * The open-finance connectors of this deployment. Sandbox: the banks `PUENTE_OPEN_FINANCE_BANKS` names are
 * the simulator's model banks, Puente registered with them on first use. Production: the banks with
 * complete settings (see `productionConnectors`); with none, every bank keeps today's behaviour.
 */
export function openFinanceConnectorsFor(config: Config): RedirectBankConnectors {
  if (config.PUENTE_ENV === 'production') return productionConnectors(config);
  const codes = new Set(openFinanceBankCodes(config.PUENTE_OPEN_FINANCE_BANKS));
  if (codes.size === 0) return () => null;
  const signing = loadClientSigningKey(config);
  const redirectUri = `${config.PUENTE_PAYMENT_URL}${OPEN_FINANCE_CALLBACK_PATH}`;
  const clientId = config.PUENTE_OPEN_FINANCE_CLIENT_ID;
  const simulator = config.PUENTE_BANK_SIM_URL;
  // Called before each discovery (the first use, and again after a failure): a restarted simulator has
  // forgotten its clients, and registering again is harmless.
  const register = async () => {
    const response = await fetch(`${simulator}/admin/open-finance/clients/${encodeURIComponent(clientId)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jwks: { keys: [signing.publicJwk] }, redirect_uris: [redirectUri] }),
      signal: AbortSignal.timeout(config.PUENTE_BANK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`model bank registration: HTTP ${response.status}`);
  };
  const signingKey = signingKeyLoader(signing);
  const built = new Map<BankCode, RedirectBankConnector>();
  return (code) => {
    if (!codes.has(code)) return null;
    let connector = built.get(code);
    if (!connector) {
      const base = `${simulator}/banks/${code}/open-finance`;
      connector = new OpenFinanceBankConnector({
        bankCode: code,
        issuer: `${base}/oauth`,
        resourceUrl: `${base}/pisp`,
        clientId,
        redirectUri,
        signingKey,
        timeoutMs: config.PUENTE_BANK_TIMEOUT_MS,
        allowHttp: true,
        register,
      });
      built.set(code, connector);
    }
    return connector;
  };
}
