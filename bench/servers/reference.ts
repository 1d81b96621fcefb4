// The reference endpoint: the least a durable session create can do. A bare Fastify route and the SQL client
// (`pg` or PGlite, nothing of Puente's), on tables of its own (reference-schema.ts, created by the bench): one
// statement looks the merchant up by token hash and inserts one session row. Prints {"url", "body"}.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import pg from 'pg';

interface SqlClient {
  /** `name` prepares the statement once per connection on PostgreSQL, as Puente does for its hot ones. */
  query<Row>(name: string, text: string, values: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

async function openClient(): Promise<SqlClient> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({
      connectionString: url,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      idleTimeoutMillis: 0,
    });
    return {
      query: async <Row>(name: string, text: string, values: unknown[]) =>
        (await pool.query({ name, text, values })).rows as Row[],
      close: () => pool.end(),
    };
  }
  const dataDir = process.env.PUENTE_DATA_DIR;
  if (!dataDir) throw new Error('set DATABASE_URL or PUENTE_DATA_DIR');
  const pglite = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
  return {
    query: async <Row>(_name: string, text: string, values: unknown[]) =>
      (await pglite.query<Row>(text, values)).rows,
    close: () => pglite.close(),
  };
}

const client = await openClient();
const apiToken = randomBytes(32).toString('hex');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();
await client.query('reference_merchant', 'insert into reference_merchants (api_token_hash) values ($1)', [
  sha256(apiToken),
]);

const app = Fastify({ logger: false });
app.post('/reference', async (request, reply) => {
  const body = request.body as {
    merchant_api_token: string;
    merchant_order_id: string;
    order_amount: number;
  };
  const token = randomBytes(32).toString('hex');
  const [created] = await client.query<{ id: number }>(
    'reference_create',
    `insert into reference_sessions (token, merchant_id, merchant_order_id, order_amount)
     select $2, m.id, $3, $4 from reference_merchants m where m.api_token_hash = $1
     returning id`,
    [sha256(body.merchant_api_token), token, body.merchant_order_id, body.order_amount],
  );
  if (!created) return reply.status(401).send({ code: 'invalid_credentials' });
  return { token };
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const body = { merchant_api_token: apiToken, merchant_order_id: 'OC-BENCH', order_amount: 50000 };
console.log(JSON.stringify({ url: `${address}/reference`, body: JSON.stringify(body) }));
process.on('SIGTERM', async () => {
  await app.close();
  await client.close();
  process.exit(0);
});
