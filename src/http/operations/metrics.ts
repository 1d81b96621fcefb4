import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { tableExists } from '../../adapters/sql/sql-table-exists.ts';
import type { Services } from '../../composition.ts';
import { sameSecret } from '../same-secret.ts';

/**
 * `GET /metrics` in Prometheus' text format. Request latencies are measured by this process; payment and
 * webhook figures are read from the database at scrape time, so every instance reports the same
 * deployment-wide values (aggregate them with `max`, not `sum`).
 */
export function metricsRoutes(app: FastifyInstance, services: Services): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'puente_process_' });

  const latency = new Histogram({
    name: 'puente_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern (not by URL, so tokens never become labels)',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    latency.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  const db = services.db;
  new Gauge({
    name: 'puente_payments_last_24h',
    help: 'Payment sessions created in the last 24 hours, by status and bank',
    labelNames: ['status', 'bank'],
    registers: [registry],
    async collect() {
      const rows = await db.query<{ status: string; bank: string; count: string | number }>(
        `select payment_status as status, coalesce(user_bank_code, 'none') as bank, count(*) as count
           from payment_sessions where created_at > now() - interval '24 hours' group by 1, 2`,
      );
      this.reset();
      for (const row of rows) this.set({ status: row.status, bank: row.bank }, Number(row.count));
    },
  });
  new Gauge({
    name: 'puente_webhook_attempts_last_24h',
    help: 'Webhook delivery attempts in the last 24 hours, by outcome (success = any 2xx)',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      if (!(await tableExists(db, 'webhook_attempts'))) return;
      const [row] = await db.query<{ success: string | number; failure: string | number }>(
        `select count(*) filter (where status_code between 200 and 299) as success,
                count(*) filter (where status_code is null or status_code not between 200 and 299) as failure
           from webhook_attempts where attempted_at > now() - interval '24 hours'`,
      );
      this.set({ outcome: 'success' }, Number(row?.success ?? 0));
      this.set({ outcome: 'failure' }, Number(row?.failure ?? 0));
    },
  });
  new Gauge({
    name: 'puente_webhook_deliveries',
    help: 'Webhook deliveries waiting (pending: due now or later; delivering: leased) and failed for good',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      if (!(await tableExists(db, 'webhook_deliveries'))) return;
      const [row] = await db.query<Record<string, string | number>>(
        `select count(*) filter (where status = 'pending' and next_attempt_at <= now()) as due,
                count(*) filter (where status = 'pending') as pending,
                count(*) filter (where status = 'delivering') as delivering,
                count(*) filter (where status = 'failed') as failed
           from webhook_deliveries where status in ('pending', 'delivering', 'failed')`,
      );
      for (const state of ['due', 'pending', 'delivering', 'failed'])
        this.set({ state }, Number(row?.[state] ?? 0));
    },
  });

  app.get('/metrics', async (request, reply) => {
    const expected = services.config.PUENTE_METRICS_TOKEN;
    if (expected) {
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!sameSecret(given, expected)) {
        return reply.status(401).send({
          code: 'invalid_credentials',
          message: 'metrics need the bearer token',
          request_id: request.id,
        });
      }
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
