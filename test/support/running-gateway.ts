import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/composition.ts';
import type { MerchantSettings } from '../../src/domain/merchant.ts';
import { buildApp } from '../../src/http/app.ts';
import type { MerchantCredentials } from '../../src/use-cases/manage-merchants.ts';
import { createTestMerchant, createTestServices } from './services.ts';

export interface RunningGateway {
  services: Services;
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>`, both api_url and pmt_url. */
  url: string;
  merchant: MerchantCredentials;
  close(): Promise<void>;
}

/**
 * A real gateway listening on a random loopback port, on a fresh test database, with one sandbox merchant:
 * what the merchant kit's tests talk to over HTTP, as a merchant's server would.
 */
export async function startGateway(
  merchantSettings: Partial<MerchantSettings> = {},
  /** Settings for `createTestServices`, e.g. a bank simulator's `PUENTE_BANK_SIM_URL`. */
  env: Record<string, string> = {},
): Promise<RunningGateway> {
  const services = await createTestServices(env);
  const app = await buildApp(services, { logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const url = address.replace('localhost', '127.0.0.1');
  // The port is known only after listening; routes read these settings per request, so the session's
  // payment_url points at this very server.
  services.config.PUENTE_API_URL = url;
  services.config.PUENTE_PAYMENT_URL = url;
  const merchant = await createTestMerchant(services, merchantSettings);
  return {
    services,
    app,
    url,
    merchant,
    async close() {
      await app.close();
      await services.close();
    },
  };
}
