import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServices, type Services } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import type { Environment } from '../../src/domain/banks.ts';
import type { MerchantSettings } from '../../src/domain/merchant.ts';
import { createMerchant, type MerchantCredentials } from '../../src/use-cases/manage-merchants.ts';
import { createTestDatabase } from './database.ts';

export const TEST_SECRET_KEY = 'a'.repeat(64);

/** Services on a fresh test database, with settings overridable per test file. */
export async function createTestServices(env: Record<string, string> = {}): Promise<Services> {
  const config = loadConfig({
    PUENTE_SECRET_KEY: TEST_SECRET_KEY,
    PUENTE_DATA_DIR: mkdtempSync(join(tmpdir(), 'puente-data-')),
    PUENTE_API_URL: 'http://api.puente.test',
    PUENTE_PAYMENT_URL: 'http://pay.puente.test',
    LOG_LEVEL: 'silent',
    // The tests' webhook receivers listen on this machine.
    PUENTE_WEBHOOK_ALLOW_PRIVATE: 'true',
    ...env,
  });
  return buildServices(config, await createTestDatabase());
}

export async function createTestMerchant(
  services: Services,
  settings: Partial<MerchantSettings> & { environment?: Environment } = {},
): Promise<MerchantCredentials> {
  return createMerchant(services, {
    name: 'Tienda de Prueba',
    environment: 'sandbox',
    completedUrl: 'https://shop.example/ok',
    cancellationUrl: 'https://shop.example/cancel',
    webhookUrl: 'https://shop.example/webhook',
    frameOrigins: [],
    amountLimit: 5_000_000,
    active: true,
    ...settings,
  });
}
