import type { Database } from '../../ports/database.ts';
import { PgliteDatabase } from './pglite-database.ts';
import { PostgresDatabase } from './postgres-database.ts';

/** The channel `SqlPaymentEvents` notifies, in the transaction that records an event. */
export const WEBHOOK_CHANNEL = 'puente_webhooks';

/**
 * Calls `onEvent` whenever a transaction that recorded a webhook event commits, on any instance (PostgreSQL
 * delivers `NOTIFY` on commit only, and never for a rolled-back transaction). A wake-up only shortens the
 * wait: the worker also polls, so a lost notification delays a delivery by one poll at most.
 * Returns the function that stops listening.
 */
export async function listenForWebhookEvents(
  db: Database,
  onEvent: () => void,
): Promise<() => Promise<void>> {
  if (db instanceof PgliteDatabase) {
    return db.pglite.listen(WEBHOOK_CHANNEL, onEvent);
  }
  if (db instanceof PostgresDatabase) {
    const client = await db.pool.connect();
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.release(error);
    };
    client.on('notification', onEvent);
    // A dropped connection only loses wake-ups; polling carries on.
    client.on('error', (error) => release(error));
    await client.query(`listen ${WEBHOOK_CHANNEL}`);
    return async () => {
      if (released) return;
      await client.query(`unlisten ${WEBHOOK_CHANNEL}`).catch(() => {});
      client.removeListener('notification', onEvent);
      release();
    };
  }
  return async () => {};
}
