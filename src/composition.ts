import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { bankConnectorsFor } from './adapters/banks/bank-connectors.ts';
import type { SecretBox } from './adapters/crypto/secret-box.ts';
import { loadSecretBox } from './adapters/crypto/secret-keys.ts';
import { acquireEmbeddedLock } from './adapters/sql/embedded-lock.ts';
import { migrate } from './adapters/sql/migrate.ts';
import { PgliteDatabase } from './adapters/sql/pglite-database.ts';
import { PostgresDatabase } from './adapters/sql/postgres-database.ts';
import { SqlMerchantStore } from './adapters/sql/sql-merchant-store.ts';
import { SqlOperatorStore } from './adapters/sql/sql-operator-store.ts';
import { SqlPaymentFunnelStore } from './adapters/sql/sql-payment-funnel-store.ts';
import { SqlSessionStore } from './adapters/sql/sql-session-store.ts';
import type { Config } from './config.ts';
import type { BankConnectors } from './ports/bank-connector.ts';
import type { Database } from './ports/database.ts';
import type { MerchantStore } from './ports/merchant-store.ts';
import type { OperatorStore } from './ports/operator-store.ts';
import { NO_PAYMENT_EVENTS, type PaymentEvents } from './ports/payment-events.ts';
import type { PaymentFunnelStore } from './ports/payment-funnel-store.ts';
import type { SessionStore } from './ports/session-store.ts';

/** Everything the HTTP app, the workers and the CLI use, built in this one place. */
export interface Services {
  config: Config;
  db: Database;
  merchants: MerchantStore;
  sessions: SessionStore;
  /** Back-office operators, their sessions and the audit log. */
  operators: OperatorStore;
  secretBox: SecretBox;
  /** Notification events of final status changes (webhooks). */
  paymentEvents: PaymentEvents;
  /** Where each session stands in the payment funnel, its order claims and its timeline. */
  funnels: PaymentFunnelStore;
  /** One connector per bank code; in sandbox they all talk to the bank simulator (`PUENTE_BANK_SIM_URL`). */
  banks: BankConnectors;
  close(): Promise<void>;
}

/** Opens the configured database (migrating it) and builds the stores on it. */
export async function openDatabase(config: Config): Promise<{ db: Database; release: () => void }> {
  if (config.DATABASE_URL) {
    const db = PostgresDatabase.open(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
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

export function buildServices(config: Config, db: Database, release: () => void = () => {}): Services {
  const services: Services = {
    config,
    db,
    merchants: new SqlMerchantStore(db),
    sessions: new SqlSessionStore(db),
    operators: new SqlOperatorStore(db),
    secretBox: loadSecretBox(config),
    paymentEvents: NO_PAYMENT_EVENTS,
    // Reads `paymentEvents` at each call, so replacing it after building (webhooks) is what gets notified.
    funnels: new SqlPaymentFunnelStore(db, {
      recordStatusChange: (tx, change) => services.paymentEvents.recordStatusChange(tx, change),
    }),
    banks: bankConnectorsFor(config),
    async close() {
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
