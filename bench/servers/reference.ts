// The reference endpoint: a bare Fastify route on the same database that only looks the merchant up by token
// hash and inserts one row — the floor any session-creating endpoint stands on.
import { createHash, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { openServices } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { createMerchant } from '../../src/use-cases/manage-merchants.ts';

const services = await openServices(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
const { merchant, apiToken } = await createMerchant(services.merchants, {
  name: 'Reference',
  environment: 'sandbox',
  completedUrl: null,
  cancellationUrl: null,
  webhookUrl: null,
  frameOrigins: [],
  amountLimit: 10_000_000,
  active: true,
});
const app = Fastify({ logger: false });
app.post('/reference', async (request) => {
  const body = request.body as {
    merchant_api_token: string;
    merchant_order_id: string;
    order_amount: number;
  };
  const hash = createHash('sha256').update(body.merchant_api_token).digest();
  const [found] = await services.db.query<{ id: number }>(
    'select id from merchants where api_token_hash = $1',
    [hash],
  );
  if (!found) throw new Error('unknown merchant');
  const token = randomBytes(32).toString('hex');
  await services.db.query(
    `insert into payment_sessions (token, merchant_id, merchant_order_id, order_amount, signature_token_sealed, expires_at)
     values ($1, $2, $3, $4, $5, now() + interval '30 minutes')`,
    [token, found.id, body.merchant_order_id, body.order_amount, 'x'],
  );
  return { token };
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const body = {
  merchant_code: merchant.code,
  merchant_api_token: apiToken,
  merchant_order_id: 'OC-BENCH',
  order_amount: 50000,
};
console.log(JSON.stringify({ url: `${address}/reference`, body: JSON.stringify(body) }));
process.on('SIGTERM', async () => {
  await app.close();
  await services.close();
  process.exit(0);
});
