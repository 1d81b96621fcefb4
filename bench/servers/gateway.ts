// The real gateway app with a fresh merchant; prints {"url", "body"} for the load generator.
import { openServices } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { createMerchant } from '../../src/use-cases/manage-merchants.ts';

const services = await openServices(
  loadConfig({ ...process.env, PUENTE_API_RATE_LIMIT: '0', LOG_LEVEL: 'silent' }),
);
const app = await buildApp(services, { logger: false });
const { merchant, apiToken } = await createMerchant(services, {
  name: 'Bench',
  environment: 'sandbox',
  completedUrl: 'https://shop.example/ok',
  cancellationUrl: 'https://shop.example/cancel',
  webhookUrl: 'https://shop.example/hook',
  frameOrigins: [],
  amountLimit: 10_000_000,
  active: true,
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const body = {
  merchant_code: merchant.code,
  merchant_api_token: apiToken,
  merchant_order_id: 'OC-BENCH',
  order_amount: 50000,
  user_rut: '11.111.111-1',
  metadata: [{ name: 'Pedido', value: 'OC-BENCH', show: true }],
};
console.log(JSON.stringify({ url: `${address}/session/initialize`, body: JSON.stringify(body) }));
process.on('SIGTERM', async () => {
  await app.close();
  await services.close();
  process.exit(0);
});
