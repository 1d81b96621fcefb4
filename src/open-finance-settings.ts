import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BANKS, type BankCode } from './domain/banks.ts';

/**
 * Puente's registration with one real bank's open-finance servers (production). Read from
 * `PUENTE_OPEN_FINANCE_<BANK>_*` (e.g. `PUENTE_OPEN_FINANCE_CL_BCI_ISSUER`) at start. Holds private keys:
 * never logged or printed (`toJSON` and `inspect` say only which bank it is).
 */
export interface OpenFinanceBankSettings {
  bankCode: BankCode;
  /** The bank's authorisation server issuer (https); its discovery document is under it. */
  issuer: string;
  /** The base URL of the bank's payment-initiation API (https). */
  paymentsUrl: string;
  clientId: string;
  /** The private EC P-256 key of `private_key_jwt`, as a JWK, and the key id the bank knows it by. */
  signingJwk: JsonWebKey;
  signingKeyId: string | null;
  /** The transport (mutual TLS) client certificate and its key, PEM. */
  tlsCertificate: string;
  tlsKey: string;
  /** Certificate authorities trusted for the bank's servers besides the system's, PEM; null for none. */
  tlsCa: string | null;
}

/** The settings a bank needs, by suffix after `PUENTE_OPEN_FINANCE_<BANK>_`. */
const REQUIRED = ['ISSUER', 'PAYMENTS_URL', 'CLIENT_ID', 'MTLS_CERT_FILE', 'MTLS_KEY_FILE'] as const;
const OPTIONAL = ['SIGNING_KEY', 'SIGNING_KEY_FILE', 'SIGNING_KEY_ID', 'CA_FILE'] as const;

/** The bank codes `PUENTE_OPEN_FINANCE_BANKS` names (`all`, or a comma list). */
export function openFinanceBankCodes(setting: string): BankCode[] {
  const words = setting
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean);
  if (words.includes('all')) return BANKS.map((bank) => bank.code);
  return BANKS.filter((bank) => words.includes(bank.code)).map((bank) => bank.code);
}

/** `PUENTE_OPEN_FINANCE_CL_BCI_` for `cl_bci`. */
export function openFinanceSettingPrefix(code: BankCode): string {
  return `PUENTE_OPEN_FINANCE_${code.toUpperCase()}_`;
}

/**
 * The production banks Puente is registered with: each bank with any `PUENTE_OPEN_FINANCE_<BANK>_*` setting
 * must have all of them (issuer, payments URL, client id, signing key, mutual-TLS certificate and key);
 * files are read and the signing key checked now, so a bad setting stops the start. Messages name the
 * setting (and a file's path), never a key's content. Throws `Error`s; the caller adds its own type.
 */
export function openFinanceBankSettings(
  env: NodeJS.ProcessEnv,
  readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): OpenFinanceBankSettings[] {
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text ? text : undefined;
  };
  const configured: OpenFinanceBankSettings[] = [];
  for (const bank of BANKS) {
    if (bank.sandboxOnly) continue;
    const prefix = openFinanceSettingPrefix(bank.code);
    const present = [...REQUIRED, ...OPTIONAL].filter((suffix) => value(`${prefix}${suffix}`));
    if (present.length === 0) continue;
    const missing: string[] = REQUIRED.filter((suffix) => !value(`${prefix}${suffix}`)).map(
      (suffix) => `${prefix}${suffix}`,
    );
    const keyGiven = ['SIGNING_KEY', 'SIGNING_KEY_FILE'].filter((suffix) => value(`${prefix}${suffix}`));
    if (keyGiven.length === 0) missing.push(`${prefix}SIGNING_KEY (or ${prefix}SIGNING_KEY_FILE)`);
    if (missing.length > 0)
      throw new Error(`${missing.join(', ')}: required to pay through open finance at ${bank.name}`);
    if (keyGiven.length > 1)
      throw new Error(`${prefix}SIGNING_KEY and ${prefix}SIGNING_KEY_FILE: give one of them, not both`);
    const setting = (suffix: (typeof REQUIRED)[number] | (typeof OPTIONAL)[number]) =>
      value(`${prefix}${suffix}`) as string;
    const file = (suffix: (typeof REQUIRED)[number] | (typeof OPTIONAL)[number]) => {
      const path = setting(suffix);
      try {
        return readText(path);
      } catch {
        throw new Error(`${prefix}${suffix}: cannot read ${path}`);
      }
    };
    const https = (suffix: 'ISSUER' | 'PAYMENTS_URL') => {
      const text = setting(suffix).replace(/\/+$/, '');
      if (!/^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(text))
        throw new Error(`${prefix}${suffix}: must be an https URL`);
      return text;
    };
    const clientId = setting('CLIENT_ID');
    if (!/^[\x21-\x7e]{1,200}$/.test(clientId))
      throw new Error(`${prefix}CLIENT_ID: printable characters without spaces, at most 200`);
    const tlsCertificate = file('MTLS_CERT_FILE');
    const tlsKey = file('MTLS_KEY_FILE');
    if (!tlsCertificate.includes('-----BEGIN CERTIFICATE-----'))
      throw new Error(`${prefix}MTLS_CERT_FILE: not a PEM certificate`);
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(tlsKey))
      throw new Error(`${prefix}MTLS_KEY_FILE: not a PEM private key`);
    const signingName = keyGiven[0] === 'SIGNING_KEY' ? 'SIGNING_KEY' : 'SIGNING_KEY_FILE';
    const signingText = signingName === 'SIGNING_KEY' ? setting('SIGNING_KEY') : file('SIGNING_KEY_FILE');
    const signingJwk = ecP256PrivateJwk(signingText);
    if (!signingJwk)
      throw new Error(`${prefix}${signingName}: not an EC P-256 private key (PEM PKCS#8, SEC1, or a JWK)`);
    const settings: OpenFinanceBankSettings = {
      bankCode: bank.code,
      issuer: https('ISSUER'),
      paymentsUrl: https('PAYMENTS_URL'),
      clientId,
      signingJwk,
      signingKeyId: value(`${prefix}SIGNING_KEY_ID`) ?? null,
      tlsCertificate,
      tlsKey,
      tlsCa: value(`${prefix}CA_FILE`) ? file('CA_FILE') : null,
    };
    configured.push(hideSecrets(settings));
  }
  return configured;
}

/** The private JWK of an EC P-256 private key given as PEM or JWK text, or null when it is not one. */
function ecP256PrivateJwk(text: string): JsonWebKey | null {
  try {
    const key = text.trimStart().startsWith('{')
      ? createPrivateKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(text);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return null;
    return key.export({ format: 'jwk' });
  } catch {
    return null;
  }
}

/** Keeps private keys out of `JSON.stringify`, `console.log` and loggers' serialisers. */
function hideSecrets(settings: OpenFinanceBankSettings): OpenFinanceBankSettings {
  const shown = () => `[open-finance settings of ${settings.bankCode}]`;
  Object.defineProperty(settings, 'toJSON', { value: shown, enumerable: false });
  Object.defineProperty(settings, Symbol.for('nodejs.util.inspect.custom'), {
    value: shown,
    enumerable: false,
  });
  return settings;
}
