import type { FastifyInstance } from 'fastify';
import { parseBankCode } from '../../domain/banks.ts';
import type { SimulatorState } from '../simulator-state.ts';

/**
 * `GET /health`, `GET /admin/ledger[?bank=]` and `GET /admin/balances[?bank=]`: what moved, what is left.
 * A ledger entry's `bank` is where it was credited, `debit_bank` the payer's bank; `?bank=` takes either.
 */
export function adminLedgerRoutes(app: FastifyInstance, state: SimulatorState): void {
  const settleAll = () => {
    const now = Date.now();
    for (const bank of state.banks.values()) bank.transfers.settleDue(now);
  };

  app.get('/health', async () => ({ status: 'ok', banks: [...state.banks.keys()] }));

  app.get('/admin/ledger', async (request) => {
    settleAll();
    const { bank } = request.query as { bank?: string };
    const code = bank === undefined ? undefined : parseBankCode(bank);
    const entries = code === null ? [] : state.ledger.entries(code);
    return {
      entries: entries.map((entry) => ({
        sequence: entry.sequence,
        bank: entry.bank,
        debit_bank: entry.debitBank,
        reference: entry.reference,
        idempotency_key: entry.idempotencyKey,
        debit_account: entry.debitAccount,
        credit_account: entry.creditAccount,
        amount: entry.amount,
        payer_rut: entry.payerRut,
        description: entry.description,
        booked_at: entry.bookedAt.toISOString(),
      })),
    };
  });

  app.get('/admin/balances', async (request) => {
    settleAll();
    const { bank: only } = request.query as { bank?: string };
    const banks = [...state.banks.values()].filter((bank) => !only || bank.profile.code === only);
    return {
      payer_accounts: banks.flatMap((bank) =>
        [...bank.sessions.accountsByRut.values()].flat().map((account) => ({
          bank: account.bank,
          id: account.id,
          number: account.number,
          type: account.type,
          holder_rut: account.holderRut,
          balance: account.balance,
          daily_limit: account.dailyLimit,
          spent_today: account.spent.amount,
          blocked: account.blocked,
        })),
      ),
      recipient_accounts: banks.flatMap((bank) =>
        state.ledger.recipients(bank.profile.code).map((recipient) => ({
          bank: recipient.bank,
          account_type: recipient.accountType,
          account: recipient.account,
          name: recipient.name,
          rut: recipient.rut,
          balance: recipient.balance,
          opened_at: recipient.openedAt.toISOString(),
        })),
      ),
    };
  });
}
