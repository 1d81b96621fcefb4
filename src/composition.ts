import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { bankConnectorsFor } from './adapters/banks/bank-connectors.ts';
import { openFinanceConnectorsFor } from './adapters/banks/open-finance/open-finance-connectors.ts';
import { NodeCredentials } from './adapters/crypto/node-credentials.ts';
import { OtplibTotp } from './adapters/crypto/otplib-totp.ts';
import { SessionKeyJwtSigner } from './adapters/crypto/payment-jwt.ts';
import type { SecretBox } from './adapters/crypto/secret-box.ts';
import { loadSecretBox } from './adapters/crypto/secret-keys.ts';
import { HttpWebhookSender } from './adapters/http/webhook-sender.ts';
import { CachedMerchantStore } from './adapters/sql/cached-merchant-store.ts';
import { acquireEmbeddedLock } from './adapters/sql/embedded-lock.ts';
import { migrate } from './adapters/sql/migrate.ts';
import { PgliteDatabase } from './adapters/sql/pglite-database.ts';
import { PostgresDatabase } from './adapters/sql/postgres-database.ts';
import { RecentStepFunnelStore } from './adapters/sql/recent-step-funnel-store.ts';
import { SqlBackOfficeReads } from './adapters/sql/sql-back-office-reads.ts';
import { SqlBankLoginThrottle } from './adapters/sql/sql-bank-login-throttle.ts';
import { SqlDirectTransferStore } from './adapters/sql/sql-direct-transfer-store.ts';
import { SqlMerchantStore } from './adapters/sql/sql-merchant-store.ts';
import { SqlOperationsReads } from './adapters/sql/sql-operations-reads.ts';
import { SqlOperatorSetup } from './adapters/sql/sql-operator-setup.ts';
import { SqlOperatorStore } from './adapters/sql/sql-operator-store.ts';
import { SqlPaymentEvents } from './adapters/sql/sql-payment-events.ts';
import { SqlPaymentFunnelStore } from './adapters/sql/sql-payment-funnel-store.ts';
import { SqlRateLimit } from './adapters/sql/sql-rate-limit.ts';
import { SqlRetention } from './adapters/sql/sql-retention.ts';
import { SqlSessionStore } from './adapters/sql/sql-session-store.ts';
import { SqlWebhookDeliveryStore } from './adapters/sql/sql-webhook-delivery-store.ts';
import { StandbyExecutor } from './adapters/sql/standby-executor.ts';
import { listenForWebhookEvents } from './adapters/sql/webhook-wakeups.ts';
import type { Config } from './config.ts';
import type { BackOfficeReads } from './ports/back-office-reads.ts';
import type { BankConnectors } from './ports/bank-connector.ts';
import type { BankLoginThrottle } from './ports/bank-login-throttle.ts';
import type { Credentials } from './ports/credentials.ts';
import type { Database } from './ports/database.ts';
import type { DirectTransferStore } from './ports/direct-transfer-store.ts';
import type { MerchantStore } from './ports/merchant-store.ts';
import type { OperationsReads } from './ports/operations-reads.ts';
import type { OperatorSetupStore } from './ports/operator-setup.ts';
import type { OperatorStore } from './ports/operator-store.ts';
import type { PaymentEvents } from './ports/payment-events.ts';
import type { PaymentFunnelStore } from './ports/payment-funnel-store.ts';
import { NO_RATE_LIMIT, type RateLimit } from './ports/rate-limit.ts';
import type { RedirectBankConnectors } from './ports/redirect-bank-connector.ts';
import type { Retention, RetentionPolicy } from './ports/retention.ts';
import type { PaymentJwtSigner } from './ports/secrets.ts';
import type { SessionStore } from './ports/session-store.ts';
import type { TotpCodes } from './ports/totp.ts';
import type { WebhookDeliveryStore } from './ports/webhook-deliveries.ts';
import { ProcessWebhookHandoff } from './worker/webhook-handoff.ts';
import { WebhookWorker } from './worker/webhook-worker.ts';

/** Everything the HTTP app, the workers and the CLI use, built in this one place. */
export interface Services {
  config: Config;
  db: Database;
  merchants: MerchantStore;
  sessions: SessionStore;
  /** Back-office operators, their sessions and the audit log. */
  operators: OperatorStore;
  /** The one-time link that creates the first operator (`/admin/setup`). */
  operatorSetup: OperatorSetupStore;
  secretBox: SecretBox;
  /** Where tokens and operator passwords are made, hashed and checked. */
  credentials: Credentials;
  /** Operators' second factor: time-based one-time codes. */
  totp: TotpCodes;
  /** Signs payment notification JWTs with each session's own key. */
  jwtSigner: PaymentJwtSigner;
  /** Notification events of final status changes (webhooks). */
  paymentEvents: PaymentEvents;
  /** Prunes working records after their retention period. */
  retention: Retention;
  /** Failed bank logins across sessions, per RUT per bank and per client address (DESIGN §10). */
  bankLoginThrottle: BankLoginThrottle;
  /** Where each session stands in the payment funnel, its order claims and its timeline. */
  funnels: PaymentFunnelStore;
  /** One connector per bank code; in sandbox they all talk to the bank simulator (`PUENTE_BANK_SIM_URL`). */
  banks: BankConnectors;
  /** The open-finance connectors of the banks `PUENTE_OPEN_FINANCE_BANKS` names (null for the others). */
  redirectBanks: RedirectBankConnectors;
  /** Webhook deliveries and their attempts (workers, resend, back-office). */
  webhookDeliveries: WebhookDeliveryStore;
  /** The webhook worker of this process, once one runs (`startWebhookWorker`): the funnel hands it webhooks. */
  webhookHandoff: ProcessWebhookHandoff;
  /** What the back-office pages read: payment search and export, timelines, deliveries, dashboard. */
  backOffice: BackOfficeReads;
  /** What `/readyz` and `/metrics` read. */
  operationsReads: OperationsReads;
  /** Merchant API requests per authenticated merchant, for the deployment (DESIGN §10). */
  apiMerchantLimit: RateLimit;
  /** Failed merchant API authentications per client address, for the deployment. */
  apiAuthFailureLimit: RateLimit;
  /** Direct transfer: collecting accounts, payment references, statement movements and the review queue. */
  directTransfers: DirectTransferStore;
  close(): Promise<void>;
}

/** Opens the configured database (migrating it) and builds the stores on it. */
export async function openDatabase(config: Config): Promise<{ db: Database; release: () => void }> {
  if (config.DATABASE_URL) {
    const db = openPostgres(config, config.DATABASE_URL, config.DATABASE_POOL_SIZE, 'database');
    await migrate(db);
    return { db, release: () => {} };
  }
  const dataDir = resolve(config.PUENTE_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const release = acquireEmbeddedLock(dataDir);
  try {
    const db = await PgliteDatabase.open({ dataDir: resolve(dataDir, 'pglite') });
    await migrate(db);
    return { db, release };
  } catch (error) {
    release();
    throw error;
  }
}

function openPostgres(config: Config, url: string, max: number, name: string): PostgresDatabase {
  return PostgresDatabase.open(url, {
    max,
    idleSeconds: config.DATABASE_POOL_IDLE_SECONDS,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    onIdleError: (error) => logError(`${name} connection lost`, error),
  });
}

function logError(msg: string, error: Error, level = 50): void {
  process.stderr.write(`${JSON.stringify({ level, time: Date.now(), msg, err: error.message })}\n`);
}

/** The back-office reads, on the read replica when `DATABASE_READ_URL` names one. */
function backOfficeReads(
  config: Config,
  db: Database,
): { reads: SqlBackOfficeReads; close: () => Promise<void> } {
  if (!config.DATABASE_READ_URL) return { reads: new SqlBackOfficeReads(db), close: async () => {} };
  const replica = openPostgres(
    config,
    config.DATABASE_READ_URL,
    config.DATABASE_READ_POOL_SIZE,
    'read replica',
  );
  const standby = new StandbyExecutor(replica, db, {
    retryAfterMs: 10_000,
    onFallback: (error) =>
      logError('read replica unavailable: back-office reads go to the primary', error, 40),
  });
  return { reads: new SqlBackOfficeReads(db, standby), close: () => replica.close() };
}

/**
 * How long views are kept for the payer's next request (`RecentStepFunnelStore`). A step's view waits for
 * the redirect that follows it, which the browser follows within milliseconds. A page's view waits for the
 * post of one of its forms: two minutes covers reading a page and typing a RUT and a password; a slower
 * payer's post reads the database. At most 20,000 page views (a few kilobytes each) are kept: the oldest
 * are dropped first.
 */
const RECENT_VIEW_LIMITS = {
  stepMilliseconds: 2_000,
  formMilliseconds: 120_000,
  maxFormViews: 20_000,
} as const;

/**
 * How session creates share statements (`NaturalBatcher`). On PostgreSQL two batches run at once (one with a
 * pool of one connection): while one commits, the next gathers and runs, and the rest of the pool stays free
 * for the funnel and the workers. Measured on 2 cores at 32 concurrent creates (docs/performance.md), one to
 * five batches in flight all cost PostgreSQL 0.05–0.07 ms a session, against 0.11–0.20 ms unbatched. The
 * embedded database runs one statement at a time anyway. A batch takes at most 64 sessions.
 */
function sessionCreateBatches(config: Config, db: Database): { maxInFlight: number; maxBatch: number } {
  return { maxInFlight: db.kind === 'pglite' ? 1 : Math.min(2, config.DATABASE_POOL_SIZE), maxBatch: 64 };
}

export function buildServices(config: Config, db: Database, release: () => void = () => {}): Services {
  const secretBox = loadSecretBox(config);
  const backOffice = backOfficeReads(config, db);
  const jwtSigner = new SessionKeyJwtSigner(secretBox);
  const merchants = new CachedMerchantStore(
    new SqlMerchantStore(db),
    config.PUENTE_MERCHANT_CACHE_SECONDS * 1000,
  );
  const services: Services = {
    config,
    db,
    merchants,
    sessions: new SqlSessionStore(db, {
      batchCreates: sessionCreateBatches(config, db),
      onBatchFailed: (error, count) =>
        logError(
          `a shared session-create statement failed; its ${count} sessions are created one by one`,
          error instanceof Error ? error : new Error(String(error)),
          40,
        ),
    }),
    operators: new SqlOperatorStore(db),
    operatorSetup: new SqlOperatorSetup(db),
    secretBox,
    credentials: new NodeCredentials(),
    totp: new OtplibTotp(`Puente (${new URL(config.PUENTE_API_URL).host})`),
    jwtSigner,
    paymentEvents: new SqlPaymentEvents(jwtSigner, config.PUENTE_WEBHOOK_RETRY_SCHEDULE[0]),
    funnels: new RecentStepFunnelStore(
      new SqlPaymentFunnelStore(db, merchants, secretBox.derivedKey('funnel-csrf')),
      RECENT_VIEW_LIMITS,
    ),
    directTransfers: new SqlDirectTransferStore(db),
    retention: new SqlRetention(db),
    bankLoginThrottle: new SqlBankLoginThrottle(
      db,
      {
        perRut: config.PUENTE_BANK_LOGIN_FAILURES_PER_RUT,
        perAddress: config.PUENTE_BANK_LOGIN_FAILURES_PER_ADDRESS,
        windowMinutes: config.PUENTE_BANK_LOGIN_WINDOW_MINUTES,
      },
      secretBox.derivedKey('bank-login-rut-digest'),
    ),
    banks: bankConnectorsFor(config),
    redirectBanks: openFinanceConnectorsFor(config),
    webhookDeliveries: new SqlWebhookDeliveryStore(db),
    webhookHandoff: new ProcessWebhookHandoff(),
    backOffice: backOffice.reads,
    operationsReads: new SqlOperationsReads(db),
    apiMerchantLimit:
      config.PUENTE_API_RATE_LIMIT === 0
        ? NO_RATE_LIMIT
        : new SqlRateLimit(db, {
            perSecond: config.PUENTE_API_RATE_LIMIT,
            burst: config.PUENTE_API_RATE_LIMIT * 2,
            leaseSize: Math.max(1, Math.ceil(config.PUENTE_API_RATE_LIMIT / 10)),
          }),
    apiAuthFailureLimit:
      config.PUENTE_API_AUTH_FAILURES_PER_MINUTE === 0
        ? NO_RATE_LIMIT
        : new SqlRateLimit(db, {
            perSecond: config.PUENTE_API_AUTH_FAILURES_PER_MINUTE / 60,
            burst: config.PUENTE_API_AUTH_FAILURES_PER_MINUTE,
            leaseSize: 1,
          }),
    async close() {
      await backOffice.close();
      await db.close();
      release();
    },
  };
  return services;
}

export async function openServices(config: Config): Promise<Services> {
  const { db, release } = await openDatabase(config);
  return buildServices(config, db, release);
}

/**
 * Starts a webhook worker on the services' database, woken by committed events as well as polling.
 * Returns the function that stops it (waiting for the attempts in flight).
 */
export async function startWebhookWorker(
  services: Services,
  log?: ConstructorParameters<typeof WebhookWorker>[1]['log'],
  // The embedded database belongs to one process: what it left `delivering` when it died is given back at
  // once instead of after the lease. Only the first worker of that process may do so.
  releaseLeasesOnStart = services.db.kind === 'pglite',
): Promise<() => Promise<void>> {
  const { config } = services;
  const worker = new WebhookWorker(
    {
      deliveries: services.webhookDeliveries,
      sender: new HttpWebhookSender(),
      schedule: config.PUENTE_WEBHOOK_RETRY_SCHEDULE,
      jitter: config.PUENTE_WEBHOOK_RETRY_JITTER,
      timeoutMs: config.PUENTE_WEBHOOK_TIMEOUT_MS,
      productionDeployment: config.PUENTE_ENV === 'production',
      allowPrivateAddresses: config.PUENTE_WEBHOOK_ALLOW_PRIVATE === 'true',
    },
    {
      concurrency: config.PUENTE_WEBHOOK_CONCURRENCY,
      pollMs: config.PUENTE_WEBHOOK_POLL_MS,
      releaseAllLeasesOnStart: releaseLeasesOnStart,
      ...(log ? { log } : {}),
    },
  );
  await worker.start();
  const unlisten = await listenForWebhookEvents(services.db, () => worker.wake());
  services.webhookHandoff.attach(worker);
  return async () => {
    services.webhookHandoff.detach(worker);
    await unlisten();
    await worker.stop();
  };
}

export function retentionPolicy(config: Config): RetentionPolicy {
  return {
    loginAttemptsDays: config.PUENTE_RETENTION_LOGIN_ATTEMPTS_DAYS,
    operatorSessionsDays: config.PUENTE_RETENTION_OPERATOR_SESSIONS_DAYS,
    webhookAttemptsDays: config.PUENTE_RETENTION_WEBHOOK_ATTEMPTS_DAYS,
    funnelScratchDays: config.PUENTE_RETENTION_FUNNEL_SCRATCH_DAYS,
  };
}
