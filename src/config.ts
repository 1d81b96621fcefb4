import { z } from 'zod';
import { webhookSettings } from './webhook-settings.ts';

/**
 * Every setting comes from the environment and is checked here, once, at start. A bad setting stops the
 * start with a message that names it.
 */
const httpUrl = z
  .string()
  .url()
  .refine((text) => /^https?:\/\//.test(text), 'must be an http(s) URL')
  .transform((text) => text.replace(/\/+$/, ''));

const positiveInteger = z.coerce.number().int().positive();

const schema = z.object({
  PUENTE_ENV: z.enum(['sandbox', 'production']).default('sandbox'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: positiveInteger.default(10),
  /**
   * A streaming standby of DATABASE_URL. Back-office search, its CSV export and the dashboard read from it;
   * the merchant API, the funnel and the workers never do (docs/deployment.md).
   */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_READ_POOL_SIZE: positiveInteger.default(4),
  /** Seconds an idle pooled connection is kept before it is closed; 0 keeps it for the process's life. */
  DATABASE_POOL_IDLE_SECONDS: z.coerce.number().min(0).default(0),
  PUENTE_DATA_DIR: z.string().min(1).default('./data'),
  /** Where merchants' servers reach the API (`api_url`). */
  PUENTE_API_URL: httpUrl.optional(),
  /** Where payers' browsers reach the funnel (`pmt_url`). */
  PUENTE_PAYMENT_URL: httpUrl.optional(),
  PUENTE_SESSION_TTL_MINUTES: positiveInteger.max(24 * 60).default(30),
  /** Funnel: wrong bank passwords allowed per session. */
  PUENTE_MAX_LOGIN_ATTEMPTS: positiveInteger.max(10).default(3),
  /** Funnel: wrong bank passwords per RUT per bank, across sessions, within the window below. */
  PUENTE_BANK_LOGIN_FAILURES_PER_RUT: positiveInteger.max(1000).default(5),
  /** Funnel: wrong bank passwords per client address (any RUT, any bank) within the window below. */
  PUENTE_BANK_LOGIN_FAILURES_PER_ADDRESS: positiveInteger.max(100_000).default(20),
  /** Funnel: the window of the two limits above, in minutes. */
  PUENTE_BANK_LOGIN_WINDOW_MINUTES: positiveInteger.max(24 * 60).default(15),
  /** Funnel: seconds between questions to the bank about a transfer without a final answer. */
  PUENTE_TRANSFER_RECHECK_SECONDS: z.coerce.number().positive().default(5),
  /** Funnel: a transfer the bank has still not seen this long after sending goes to review (`needs_review`). */
  PUENTE_TRANSFER_LOST_AFTER_SECONDS: z.coerce.number().positive().default(120),
  /** Funnel: seconds between questions to the bank about a transfer under review (it may still book it). */
  PUENTE_REVIEW_RECHECK_SECONDS: z.coerce.number().positive().default(60),
  /** Funnel: how often the recovery sweep (pending transfers, expiry) runs; 0 turns it off. */
  PUENTE_FUNNEL_SWEEP_SECONDS: z.coerce.number().min(0).default(5),
  PUENTE_SECRET_KEY: z.string().min(1).optional(),
  /** Older keys, comma-separated, kept to open what they sealed after a rotation. */
  PUENTE_SECRET_KEY_PREVIOUS: z.string().optional(),
  PUENTE_MAX_BODY_BYTES: positiveInteger.default(64 * 1024),
  PUENTE_DEFAULT_AMOUNT_LIMIT: positiveInteger.default(5_000_000),
  /** Seconds a stopping gateway (SIGTERM) may take to drain before it exits anyway, with code 1. */
  PUENTE_SHUTDOWN_SECONDS: positiveInteger.max(600).default(20),
  /** PostgreSQL: how long a request waits for a connection before failing fast (503), in ms. */
  DATABASE_CONNECT_TIMEOUT_MS: positiveInteger.default(5_000),
  /** PostgreSQL: statements running longer than this are cancelled by the server, in ms. */
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInteger.default(15_000),
  /** Retention: how often working records are pruned (minutes; 0 turns it off on this instance). */
  PUENTE_RETENTION_INTERVAL_MINUTES: z.coerce.number().min(0).default(60),
  /** Retention: days bank and operator login attempts are kept. */
  PUENTE_RETENTION_LOGIN_ATTEMPTS_DAYS: positiveInteger.default(30),
  /** Retention: days ended or expired operator sessions are kept. */
  PUENTE_RETENTION_OPERATOR_SESSIONS_DAYS: positiveInteger.default(30),
  /** Retention: days webhook attempts of finished deliveries are kept. */
  PUENTE_RETENTION_WEBHOOK_ATTEMPTS_DAYS: positiveInteger.default(90),
  /** Retention: days a finished payment keeps its funnel scratch (accounts listed, challenge, typed RUT). */
  PUENTE_RETENTION_FUNNEL_SCRATCH_DAYS: positiveInteger.default(7),
  /** Merchant API requests per second per merchant, for the whole deployment (bursts up to twice); 0: off. */
  PUENTE_API_RATE_LIMIT: z.coerce.number().int().min(0).default(100),
  /** Failed merchant API authentications per minute per client address (then 429); 0: off. */
  PUENTE_API_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  /** How long an instance trusts a merchant it looked up by API token (rotations reach other instances within it). */
  PUENTE_MERCHANT_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(2),
  PUENTE_DEMO_MERCHANT: z.enum(['true', 'false']).default('true'),
  /** Back-office sessions end after this many idle minutes (and always 12 hours after login). */
  PUENTE_ADMIN_SESSION_MINUTES: positiveInteger.max(12 * 60).default(30),
  /** While no operator exists, `puente serve` prints a one-time link to create the first one, valid this
   *  many minutes; 0 prints none (then the CLI creates it). */
  PUENTE_SETUP_LINK_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  /** When set, `/metrics` asks for `Authorization: Bearer <this>`. */
  PUENTE_METRICS_TOKEN: z.string().min(16).optional(),
  /** The bank simulator's port, for `puente bank-sim` and the one `npm start` runs in sandbox. */
  PUENTE_BANK_SIM_PORT: z.coerce.number().int().min(0).max(65_535).default(8081),
  /**
   * Where the simulator listens. Loopback by default even when `HOST` is public: its admin API (reset,
   * faults) has no login, and the gateway reaches it locally.
   */
  PUENTE_BANK_SIM_HOST: z.string().min(1).default('127.0.0.1'),
  /** Where the sandbox bank connectors reach the simulator; defaults to the local one. */
  PUENTE_BANK_SIM_URL: httpUrl.optional(),
  /** Whether `npm start` in sandbox also runs the simulator in-process (`false` when it runs elsewhere). */
  PUENTE_BANK_SIM_EMBEDDED: z.enum(['true', 'false']).default('true'),
  /** Simulator: delay before an app approval is granted, and before a pending transfer is confirmed. */
  PUENTE_BANK_SIM_APPROVAL_DELAY_MS: z.coerce.number().int().min(0).default(2_000),
  PUENTE_BANK_SIM_PENDING_DELAY_MS: z.coerce.number().int().min(0).default(5_000),
  /**
   * Banks paid through open finance (payment initiation, the payer authorises at the bank): `all` or a comma
   * list of bank codes. The others keep the credentials flow. Sandbox: the simulator's model banks.
   */
  PUENTE_OPEN_FINANCE_BANKS: z.string().default(''),
  /** Puente's client id at the banks' authorisation servers. */
  PUENTE_OPEN_FINANCE_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .default('puente-sandbox'),
  /** Puente's private signing key (EC P-256 JWK, as JSON) for `private_key_jwt`; sandbox generates one. */
  PUENTE_OPEN_FINANCE_SIGNING_KEY: z.string().min(1).optional(),
  /** Deadline of each call from a bank connector to its bank; past it the answer counts as lost. */
  PUENTE_BANK_TIMEOUT_MS: positiveInteger.max(120_000).default(10_000),
  ...webhookSettings,
  /** Set when behind a reverse proxy, so client addresses come from X-Forwarded-For. */
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed: `false` (none, the default), or their addresses
   * or CIDR ranges, comma-separated (`10.0.0.5,10.1.0.0/16`). `true` (believe every hop) is accepted in
   * sandbox only: in production it would let any client choose the address its limits are counted under.
   */
  PUENTE_TRUST_PROXY: z
    .string()
    .default('false')
    .refine(
      (value) =>
        value === 'true' ||
        value === 'false' ||
        value.split(',').every((item) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(item.trim())),
      'must be false, or the proxies’ addresses or CIDR ranges, comma-separated',
    ),
  /**
   * Whether webhooks may go to private and loopback addresses in a sandbox deployment. Off unless the
   * deployment's public API URL is itself on this machine (local development): a sandbox reachable from the
   * internet must not be a way into its own network. Production never allows it.
   */
  PUENTE_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema> & {
  PUENTE_API_URL: string;
  PUENTE_PAYMENT_URL: string;
  PUENTE_BANK_SIM_URL: string;
  PUENTE_WEBHOOK_ALLOW_PRIVATE: 'true' | 'false';
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid settings:\n${problems.join('\n')}`);
  }
  const config = parsed.data;
  if (config.DATABASE_READ_URL && !config.DATABASE_URL)
    throw new ConfigError(
      'DATABASE_READ_URL: a read replica needs DATABASE_URL (the embedded database has no standby)',
    );
  if (config.PUENTE_ENV === 'production') {
    if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL: required when PUENTE_ENV=production');
    if (!config.PUENTE_SECRET_KEY)
      throw new ConfigError('PUENTE_SECRET_KEY: required when PUENTE_ENV=production');
    if (!config.PUENTE_API_URL || !config.PUENTE_PAYMENT_URL)
      throw new ConfigError('PUENTE_API_URL and PUENTE_PAYMENT_URL: required when PUENTE_ENV=production');
    if (config.PUENTE_TRUST_PROXY === 'true')
      throw new ConfigError(
        'PUENTE_TRUST_PROXY: name the proxies’ addresses (e.g. 10.0.0.5,10.1.0.0/16) when PUENTE_ENV=production',
      );
    if (config.PUENTE_WEBHOOK_ALLOW_PRIVATE === 'true')
      throw new ConfigError('PUENTE_WEBHOOK_ALLOW_PRIVATE: cannot be true when PUENTE_ENV=production');
  }
  if (config.PUENTE_ENV === 'production' && config.PUENTE_OPEN_FINANCE_BANKS.trim() !== '')
    throw new ConfigError(
      'PUENTE_OPEN_FINANCE_BANKS: open finance with real banks is not available yet (see docs/open-finance.md)',
    );
  const local = `http://localhost:${config.PORT}`;
  const apiUrl = config.PUENTE_API_URL ?? local;
  return {
    ...config,
    PUENTE_WEBHOOK_ALLOW_PRIVATE:
      config.PUENTE_WEBHOOK_ALLOW_PRIVATE ??
      (config.PUENTE_ENV === 'sandbox' && isLoopbackUrl(apiUrl) ? 'true' : 'false'),
    PUENTE_API_URL: apiUrl,
    PUENTE_PAYMENT_URL: config.PUENTE_PAYMENT_URL ?? config.PUENTE_API_URL ?? local,
    PUENTE_BANK_SIM_URL: config.PUENTE_BANK_SIM_URL ?? `http://127.0.0.1:${config.PUENTE_BANK_SIM_PORT}`,
  };
}

function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}
