import type { Movement } from '../../domain/direct-transfer.ts';
import type { Rut } from '../../domain/rut.ts';
import type { BankConnectors } from '../../ports/bank-connector.ts';
import { startPeriodic } from '../periodic.ts';
import type { DirectTransferDeps } from './direct-transfer-deps.ts';
import { ingestMovements } from './ingest-movements.ts';

const CHILE_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago' });

/**
 * Sandbox only: reads the statement of every enabled collecting account of a sandbox merchant from the bank
 * simulator (`statement` of the bank connector) and feeds its new credits to `ingestMovements`, exactly as
 * an API call or a statement file would. A statement with nothing new records nothing.
 */
export async function pollSandboxStatements(
  deps: DirectTransferDeps & { banks: BankConnectors },
): Promise<{ accounts: number; movements: number }> {
  let movements = 0;
  const accounts = await deps.directTransfers.enabledCollectingAccounts('sandbox');
  for (const account of accounts) {
    const entries = await deps.banks(account.bankCode).statement(account.accountNumber);
    const unseen = new Set(
      await deps.directTransfers.unseenMovementIds(
        account.merchantId,
        entries.map((entry) => entry.bankReference),
      ),
    );
    const fresh: Movement[] = entries
      .filter((entry) => unseen.has(entry.bankReference))
      .map((entry) => ({
        id: entry.bankReference,
        date: CHILE_DAY.format(entry.bookedAt),
        amount: entry.amount,
        description: entry.description,
        payerRut: (entry.payerRut || null) as Rut | null,
        payerName: null,
        payerBank: null,
      }));
    if (fresh.length === 0) continue;
    movements += fresh.length;
    await ingestMovements(deps, account.merchantId, fresh, { kind: 'simulator' });
  }
  return { accounts: accounts.length, movements };
}

/** Polls now and every `intervalSeconds`; returns a stop function that waits for a poll in progress. */
export function startSandboxStatementPoller(
  deps: DirectTransferDeps & { banks: BankConnectors },
  intervalSeconds: number,
  onError: (error: unknown) => void,
): () => Promise<void> {
  return startPeriodic(() => pollSandboxStatements(deps), intervalSeconds * 1000, onError);
}
