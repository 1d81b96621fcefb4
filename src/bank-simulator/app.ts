import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyInstance } from 'fastify';
import { faultsApplyTo, happens } from './faults.ts';
import { type BankSimulatorOptions, resolveSimulatorOptions } from './options.ts';
import { accountsRoute } from './routes/accounts.ts';
import { adminAccountRoutes } from './routes/admin-accounts.ts';
import { adminFaultRoutes } from './routes/admin-faults.ts';
import { adminLedgerRoutes } from './routes/admin-ledger.ts';
import { adminOpenFinanceRoutes } from './routes/admin-open-finance.ts';
import { type BankRouteConfig, sendError } from './routes/bank-scope.ts';
import { loginRoute } from './routes/login.ts';
import { openFinanceAuthorizationRoutes } from './routes/open-finance-authorization.ts';
import { openFinancePaymentRoutes } from './routes/open-finance-payments.ts';
import { secondFactorRoute } from './routes/second-factor.ts';
import { statementRoute } from './routes/statement.ts';
import { transferRoute, transferStatusRoute } from './routes/transfers.ts';
import { webBankingRoutes } from './routes/web-banking.ts';
import { SimulatorState } from './simulator-state.ts';
import { Waits } from './waits.ts';

/** The admin API (never faulted), in one list. */
const ADMIN_ROUTES = [
  adminLedgerRoutes,
  adminFaultRoutes,
  adminAccountRoutes,
  adminOpenFinanceRoutes,
  // Not an admin call: the test payer's web bank (direct transfers by hand), never faulted either.
  webBankingRoutes,
];

/** Every call of a simulated bank, in one list. */
const BANK_ROUTES = [
  loginRoute,
  secondFactorRoute,
  accountsRoute,
  transferRoute,
  transferStatusRoute,
  statementRoute,
  // The open-finance face of every bank (model bank): authorisation server, its pages, payment API.
  openFinanceAuthorizationRoutes,
  openFinancePaymentRoutes,
];

export type BankSimulator = FastifyInstance;

const STATES = new WeakMap<FastifyInstance, SimulatorState>();

/** The simulator's memory, for in-process tests and benches (HTTP callers use `/admin`). */
export function simulatorStateOf(app: BankSimulator): SimulatorState {
  const state = STATES.get(app);
  if (!state) throw new Error('not a bank simulator');
  return state;
}

/** A model bank's server-to-server endpoints (mutual TLS when served over https), not its browser pages. */
function isBackChannel(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  if (/\/open-finance\/pisp(\/|$)/.test(path)) return true;
  return /\/open-finance\/oauth(\/|$)/.test(path) && !/\/open-finance\/oauth\/auth(\/|$)/.test(path);
}

/**
 * The sandbox's bank simulator: the eight banks of DESIGN §4 behind `/banks/:bank/...` (each with its
 * open-finance face under `/banks/:bank/open-finance/...`), and its admin API under `/admin`. All state is in memory. Built without listening; the caller decides where it listens.
 * With no faults set and no test payer that waits, no call sleeps.
 */
export async function buildBankSimulator(options: BankSimulatorOptions = {}): Promise<BankSimulator> {
  const state = new SimulatorState(resolveSimulatorOptions(options));
  const waits = new Waits();
  const settings = { logger: options.logger ?? false, bodyLimit: 16 * 1024 };
  const { tls } = options;
  const app = (tls
    ? Fastify({
        ...settings,
        https: {
          key: tls.key,
          cert: tls.cert,
          ca: tls.clientCa,
          requestCert: true,
          rejectUnauthorized: false,
        },
      })
    : Fastify(settings)) as unknown as FastifyInstance;
  if (tls)
    app.addHook('onRequest', async (request, reply) => {
      if (!isBackChannel(request.url) || (request.raw.socket as TLSSocket).authorized) return;
      return sendError(
        reply,
        401,
        'client_certificate_required',
        'a registered client certificate is required',
      );
    });

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'bank simulator fault');
      return sendError(reply, 500, 'internal_error', 'internal error');
    }
    return sendError(reply, status, 'invalid_request', error.message);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not_found', 'not found'));
  app.addHook('preClose', async () => waits.releaseAll());

  await app.register(
    async (scope) => {
      // Unknown bank → 404; then the bank's injected faults, in the order a real outage shows them.
      scope.addHook('preHandler', async (request, reply) => {
        const bank = state.bank((request.params as { bank: string }).bank);
        if (!bank) return sendError(reply, 404, 'unknown_bank', 'no such bank');
        const { operation } = request.routeOptions.config as unknown as BankRouteConfig;
        const faults = bank.faults;
        if (!faultsApplyTo(faults, operation)) return;
        if (faults.down) {
          return sendError(reply, 503, 'bank_unavailable', 'Servicio no disponible. Intente más tarde.');
        }
        if (faults.latencyMs > 0) await waits.wait(faults.latencyMs, reply);
        if (happens(faults.hangRate)) {
          await waits.wait(state.options.maxHangMs, reply);
          return sendError(reply, 504, 'timeout', 'no answer');
        }
        if (happens(faults.errorRate)) return sendError(reply, 500, 'internal_error', 'injected fault');
        if (happens(faults.garbledRate)) {
          return reply.code(200).type('text/html').send('<html><body>Servicio en mantención</body></html>');
        }
      });
      for (const route of BANK_ROUTES) route(scope, state);
    },
    { prefix: '/banks/:bank' },
  );
  for (const route of ADMIN_ROUTES) route(app, state);

  await app.ready();
  STATES.set(app, state);
  return app;
}
