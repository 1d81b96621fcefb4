import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('production with no open-finance settings behaves as before; asking for it stops the start', () => {
    expect(openFinanceConnectorsFor(loadConfig(production))('cl_estado')).toBeNull();
    expect(() => loadConfig({ ...production, PUENTE_OPEN_FINANCE_BANKS: 'all' })).toThrow(
      /PUENTE_OPEN_FINANCE_BANKS/,
    );
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
