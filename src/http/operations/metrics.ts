import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Services } from '../../composition.ts';
import { sameSecret } from '../same-secret.ts';

/**
 * `GET /metrics` in Prometheus' text format. Request latencies are measured by this process; payment and
 * webhook figures are read from the database at scrape time, so every instance reports the same
 * deployment-wide values (aggregate them with `max`, not `sum`).
 */
export function metricsRoutes(app: FastifyInstance, services: Services): void {
  const registry = new Registry();
  // The default names already start with process_ or nodejs_: the prefix only adds ours.
  collectDefaultMetrics({ register: registry, prefix: 'puente_' });

  const latency = new Histogram({
    name: 'puente_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern (not by URL, so tokens never become labels)',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    latency.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const reads = services.operationsReads;
  new Gauge({
    name: 'puente_payments_last_24h',
    help: 'Payment sessions created in the last 24 hours, by status and bank',
    labelNames: ['status', 'bank'],
    registers: [registry],
    async collect() {
      const rows = await reads.paymentsLast24h();
      this.reset();
      for (const row of rows) this.set({ status: row.status, bank: row.bank }, row.count);
    },
  });
  new Gauge({
    name: 'puente_bank_logins_held_back_last_24h',
    help: 'Bank logins refused before reaching the bank in the last 24 hours (too many wrong passwords per RUT and bank, or per client address)',
    registers: [registry],
    async collect() {
      this.set(await reads.bankLoginsHeldBackLast24h());
    },
  });
  new Gauge({
    name: 'puente_webhook_attempts_last_24h',
    help: 'Webhook delivery attempts in the last 24 hours, by outcome (success = any 2xx)',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      const attempts = await reads.webhookAttemptsLast24h();
      this.reset();
      this.set({ outcome: 'success' }, attempts.success);
      this.set({ outcome: 'failure' }, attempts.failure);
    },
  });
  new Gauge({
    name: 'puente_webhook_deliveries',
    help: 'Webhook deliveries waiting (pending: due now or later; delivering: leased) and failed for good',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const backlog = await reads.webhookBacklog();
      this.reset();
      for (const state of ['due', 'pending', 'delivering', 'failed'] as const)
        this.set({ state }, backlog[state]);
    },
  });

  app.get('/metrics', async (request, reply) => {
    const expected = services.config.PUENTE_METRICS_TOKEN;
    // In production the figures (payments by bank, webhook health) are not for everyone: no token, no metrics.
    if (!expected && services.config.PUENTE_ENV === 'production') {
      return reply.status(403).send({
        code: 'forbidden',
        message: 'set PUENTE_METRICS_TOKEN to read /metrics in production',
        request_id: request.id,
      });
    }
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
