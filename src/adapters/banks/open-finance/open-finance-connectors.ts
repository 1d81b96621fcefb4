import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../../../config.ts';
import { BANKS, type BankCode } from '../../../domain/banks.ts';
import type {
  RedirectBankConnector,
  RedirectBankConnectors,
} from '../../../ports/redirect-bank-connector.ts';
import { OpenFinanceBankConnector } from './open-finance-bank-connector.ts';

/** Where the payer's browser comes back from the bank, under `PUENTE_PAYMENT_URL`. */
export const OPEN_FINANCE_CALLBACK_PATH = '/open-finance/callback';

/** The bank codes `PUENTE_OPEN_FINANCE_BANKS` names (`all`, or a comma list). */
export function openFinanceBankCodes(setting: string): BankCode[] {
  const words = setting
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean);
  if (words.includes('all')) return BANKS.map((bank) => bank.code);
  return BANKS.filter((bank) => words.includes(bank.code)).map((bank) => bank.code);
}

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
  const { d: _private, ...publicJwk } = privateJwk;
  // RFC 7638 thumbprint as the key id, so a rotated key gets a new one.
  const kid = createHash('sha256')
    .update(JSON.stringify({ crv: publicJwk.crv, kty: publicJwk.kty, x: publicJwk.x, y: publicJwk.y }))
    .digest('base64url');
  return { privateJwk, publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' }, kid };
}

/**
 * The open-finance connectors of this deployment. Sandbox: the banks `PUENTE_OPEN_FINANCE_BANKS` names are
 * the simulator's model banks, Puente registered with them on first use. Production: none yet (mutual TLS
 * to real banks is not built), so every bank keeps today's behaviour.
 */
export function openFinanceConnectorsFor(config: Config): RedirectBankConnectors {
  const codes = new Set(openFinanceBankCodes(config.PUENTE_OPEN_FINANCE_BANKS));
  if (config.PUENTE_ENV !== 'sandbox' || codes.size === 0) return () => null;
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
  let key: Promise<CryptoKey> | null = null;
  const signingKey = () => {
    key ??= crypto.subtle.importKey(
      'jwk',
      signing.privateJwk as JsonWebKey,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    return key;
  };
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
        signingKey: async () => ({ key: await signingKey(), kid: signing.kid }),
        timeoutMs: config.PUENTE_BANK_TIMEOUT_MS,
        allowHttp: true,
        register,
      });
      built.set(code, connector);
    }
    return connector;
  };
}
