import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankConnectorsFor } from '../../src/adapters/banks/bank-connectors.ts';
import { SandboxBankConnector } from '../../src/adapters/banks/sandbox-bank-connector.ts';
import { UnavailableBankConnector } from '../../src/adapters/banks/unavailable-bank-connector.ts';
import type { Services } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { startTestBankSimulator, type TestBankSimulator } from '../support/bank-simulator.ts';
import { createTestServices } from '../support/services.ts';
import { openPayer, order } from './bank-connector-contract.ts';

describe('Services.banks', () => {
  let simulator: TestBankSimulator;
  let services: Services;
  beforeAll(async () => {
    simulator = await startTestBankSimulator();
    services = await createTestServices(simulator.env);
  });
  afterAll(async () => {
    await services?.close();
    await simulator?.close();
  });

  it('in sandbox, one reused sandbox connector per bank, talking to PUENTE_BANK_SIM_URL', async () => {
    const connector = services.banks('cl_bch');
    expect(connector).toBeInstanceOf(SandboxBankConnector);
    expect(services.banks('cl_bch')).toBe(connector);
    expect(services.banks('cl_bci').bankCode).toBe('cl_bci');
    const { handle, accounts } = await openPayer(connector, '11.111.111-1');
    expect((await connector.transfer(order(handle, accounts[0]?.id ?? ''))).status).toBe('completed');
    expect(await simulator.ledger('cl_bch')).toHaveLength(1);
  });

  it('in production, with no real bank adapter yet, every bank is unavailable', async () => {
    const banks = bankConnectorsFor(
      loadConfig({
        PUENTE_ENV: 'production',
        DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
        PUENTE_SECRET_KEY: 'a'.repeat(64),
        PUENTE_API_URL: 'https://api.example',
        PUENTE_PAYMENT_URL: 'https://pay.example',
      }),
    );
    const connector = banks('cl_estado');
    expect(connector).toBeInstanceOf(UnavailableBankConnector);
    expect(await connector.login({ rut: '11.111.111-1', password: '1234' })).toEqual({
      outcome: 'unavailable',
    });
    expect(await connector.transfer(order('h', 'a'))).toEqual({ status: 'unknown' });
    expect(await connector.transferStatus('k')).toEqual({ status: 'unknown' });
  });
});

describe('bank settings', () => {
  it('the simulator URL defaults to the local simulator port', () => {
    expect(loadConfig({}).PUENTE_BANK_SIM_URL).toBe('http://127.0.0.1:8081');
    expect(loadConfig({ PUENTE_BANK_SIM_PORT: '9100' }).PUENTE_BANK_SIM_URL).toBe('http://127.0.0.1:9100');
    expect(loadConfig({ PUENTE_BANK_SIM_URL: 'http://banks.internal:80/' }).PUENTE_BANK_SIM_URL).toBe(
      'http://banks.internal:80',
    );
    expect(loadConfig({}).PUENTE_BANK_TIMEOUT_MS).toBe(10_000);
  });

  it('refuses a bad simulator URL or timeout by name', () => {
    expect(() => loadConfig({ PUENTE_BANK_SIM_URL: 'ftp://x' })).toThrow(/PUENTE_BANK_SIM_URL/);
    expect(() => loadConfig({ PUENTE_BANK_TIMEOUT_MS: '0' })).toThrow(/PUENTE_BANK_TIMEOUT_MS/);
  });
});
