import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  loadClientSigningKey,
  openFinanceBankCodes,
  openFinanceConnectorsFor,
} from '../../src/adapters/banks/open-finance/open-finance-connectors.ts';
import { loadConfig } from '../../src/config.ts';
import { BANKS } from '../../src/domain/banks.ts';

const production = {
  PUENTE_ENV: 'production',
  DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
  PUENTE_SECRET_KEY: 'a'.repeat(64),
  PUENTE_API_URL: 'https://api.example',
  PUENTE_PAYMENT_URL: 'https://pay.example',
};

describe('PUENTE_OPEN_FINANCE_BANKS', () => {
  it('names banks by code (any case, spaces), or all of them; unknown codes are ignored', () => {
    expect(openFinanceBankCodes('')).toEqual([]);
    expect(openFinanceBankCodes(' CL_BCH , cl_bci,nope')).toEqual(['cl_bch', 'cl_bci']);
    expect(openFinanceBankCodes('all')).toEqual(BANKS.map((bank) => bank.code));
  });

  it('in sandbox, only the named banks get an open-finance connector', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'puente-of-wiring-'));
    const none = openFinanceConnectorsFor(loadConfig({ PUENTE_DATA_DIR: dataDir }));
    expect(none('cl_bch')).toBeNull();
    const some = openFinanceConnectorsFor(
      loadConfig({ PUENTE_DATA_DIR: dataDir, PUENTE_OPEN_FINANCE_BANKS: 'cl_bch' }),
    );
    expect(some('cl_bch')?.bankCode).toBe('cl_bch');
    expect(some('cl_bch')).toBe(some('cl_bch'));
    expect(some('cl_bci')).toBeNull();
  });

  it('production with no open-finance settings behaves as before; naming a bank without settings stops the start', () => {
    expect(loadConfig(production).openFinanceBanks).toEqual([]);
    expect(openFinanceConnectorsFor(loadConfig(production))('cl_estado')).toBeNull();
    expect(() => loadConfig({ ...production, PUENTE_OPEN_FINANCE_BANKS: 'all' })).toThrow(
      /PUENTE_OPEN_FINANCE_CL_ESTADO_\*: PUENTE_OPEN_FINANCE_BANKS names cl_estado/,
    );
  });
});

describe('production open-finance settings per bank', () => {
  const dir = mkdtempSync(join(tmpdir(), 'puente-of-settings-'));
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const pem = signingKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  writeFileSync(join(dir, 'signing.pem'), pem);
  writeFileSync(join(dir, 'tls.crt'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(join(dir, 'tls.key'), pem);
  const bci = {
    PUENTE_OPEN_FINANCE_CL_BCI_ISSUER: 'https://auth.bci.example/as',
    PUENTE_OPEN_FINANCE_CL_BCI_PAYMENTS_URL: 'https://api.bci.example/pisp/v3.1',
    PUENTE_OPEN_FINANCE_CL_BCI_CLIENT_ID: 'puente-psip-001',
    PUENTE_OPEN_FINANCE_CL_BCI_SIGNING_KEY_FILE: join(dir, 'signing.pem'),
    PUENTE_OPEN_FINANCE_CL_BCI_MTLS_CERT_FILE: join(dir, 'tls.crt'),
    PUENTE_OPEN_FINANCE_CL_BCI_MTLS_KEY_FILE: join(dir, 'tls.key'),
  };

  it('a bank with complete settings gets a connector at its issuer; the others keep today’s behaviour', () => {
    const config = loadConfig({ ...production, ...bci });
    expect(config.openFinanceBanks.map((bank) => bank.bankCode)).toEqual(['cl_bci']);
    const connectors = openFinanceConnectorsFor(config);
    expect(connectors('cl_bci')?.authorizationOrigin).toBe('https://auth.bci.example');
    expect(connectors('cl_bch')).toBeNull();
    // The list, when given, must name exactly the configured banks.
    expect(
      loadConfig({ ...production, ...bci, PUENTE_OPEN_FINANCE_BANKS: 'cl_bci' }).openFinanceBanks,
    ).toHaveLength(1);
    expect(() => loadConfig({ ...production, ...bci, PUENTE_OPEN_FINANCE_BANKS: 'cl_bch' })).toThrow(
      /PUENTE_OPEN_FINANCE_BANKS/,
    );
  });

  it('partial settings stop the start, naming what is missing and never printing a key', () => {
    const { PUENTE_OPEN_FINANCE_CL_BCI_MTLS_KEY_FILE: _key, ...withoutKey } = bci;
    expect(() => loadConfig({ ...production, ...withoutKey })).toThrow(
      /^PUENTE_OPEN_FINANCE_CL_BCI_MTLS_KEY_FILE: required/,
    );
    const { PUENTE_OPEN_FINANCE_CL_BCI_SIGNING_KEY_FILE: _file, ...withoutSigning } = bci;
    expect(() => loadConfig({ ...production, ...withoutSigning })).toThrow(
      /PUENTE_OPEN_FINANCE_CL_BCI_SIGNING_KEY/,
    );
    const messages: string[] = [];
    for (const broken of [
      { ...bci, PUENTE_OPEN_FINANCE_CL_BCI_SIGNING_KEY: pem },
      { ...withoutSigning, PUENTE_OPEN_FINANCE_CL_BCI_SIGNING_KEY: pem.replace('MI', 'XX') },
      { ...bci, PUENTE_OPEN_FINANCE_CL_BCI_ISSUER: 'http://auth.bci.example' },
      { ...bci, PUENTE_OPEN_FINANCE_CL_BCI_MTLS_CERT_FILE: join(dir, 'nope.crt') },
    ]) {
      try {
        loadConfig({ ...production, ...broken });
        messages.push('started');
      } catch (error) {
        messages.push((error as Error).message);
      }
    }
    expect(messages).toEqual([
      expect.stringMatching(/SIGNING_KEY and PUENTE_OPEN_FINANCE_CL_BCI_SIGNING_KEY_FILE: give one/),
      expect.stringMatching(/^PUENTE_OPEN_FINANCE_CL_BCI_SIGNING_KEY: not an EC P-256 private key/),
      expect.stringMatching(/^PUENTE_OPEN_FINANCE_CL_BCI_ISSUER: must be an https URL/),
      expect.stringMatching(/^PUENTE_OPEN_FINANCE_CL_BCI_MTLS_CERT_FILE: cannot read/),
    ]);
    for (const message of messages) expect(message).not.toContain(pem.split('\n')[1]?.slice(0, 20));
    // Nor does the loaded configuration print its keys.
    const config = loadConfig({ ...production, ...bci });
    expect(JSON.stringify(config)).not.toContain(config.openFinanceBanks[0]?.signingJwk.d);
    expect(inspect(config, { depth: 5 })).not.toContain(config.openFinanceBanks[0]?.signingJwk.d);
  });

  it('the sandbox refuses a real bank’s settings instead of ignoring them', () => {
    expect(() => loadConfig({ PUENTE_DATA_DIR: dir, ...bci })).toThrow(/only when PUENTE_ENV=production/);
  });
});

describe('the sandbox client key', () => {
  it('is generated once into the data folder (owner-only) and reused', () => {
    const config = loadConfig({ PUENTE_DATA_DIR: mkdtempSync(join(tmpdir(), 'puente-of-key-')) });
    const first = loadClientSigningKey(config);
    const again = loadClientSigningKey(config);
    expect(again.kid).toBe(first.kid);
    expect(first.publicJwk).not.toHaveProperty('d');
    const mode = statSync(join(config.PUENTE_DATA_DIR, 'open-finance-client-key.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('creates the data folder when nothing else did (PostgreSQL deployments)', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'puente-of-key-')), 'not', 'yet');
    expect(loadClientSigningKey(loadConfig({ PUENTE_DATA_DIR: dataDir })).kid).toBeTruthy();
  });
});
