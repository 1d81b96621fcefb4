import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { faultsSchema, NO_FAULTS } from '../faults.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { sendError } from './bank-scope.ts';

const accountPatch = z
  .object({
    balance: z.number().int().min(0).optional(),
    dailyLimit: z.number().int().min(0).optional(),
    blocked: z.boolean().optional(),
  })
  .strict();

/**
 * The simulator's own admin API, for tests and demos (never faulted): read the ledger and balances, set
 * faults per bank, adjust an account, reset everything.
 */
export function adminRoutes(app: FastifyInstance, state: SimulatorState): void {
  const settleAll = () => {
    const now = Date.now();
    for (const bank of state.banks.values()) bank.transfers.settleDue(now);
  };
  const bankParam = (params: unknown) => state.bank((params as { bank: string }).bank);

  app.get('/health', async () => ({ status: 'ok', banks: [...state.banks.keys()] }));

  app.get('/admin/ledger', async (request) => {
    settleAll();
    const { bank } = request.query as { bank?: string };
    const entries = state.ledger.entries().filter((entry) => !bank || entry.bank === bank);
    return {
      entries: entries.map((entry) => ({
        sequence: entry.sequence,
        bank: entry.bank,
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
        bank.transfers.recipients().map((recipient) => ({
          bank: recipient.bank,
          account: recipient.account,
          name: recipient.name,
          rut: recipient.rut,
          balance: recipient.balance,
          opened_at: recipient.openedAt.toISOString(),
        })),
      ),
    };
  });

  app.get('/admin/banks/:bank/faults', async (request, reply) => {
    const bank = bankParam(request.params);
    if (!bank) return sendError(reply, 404, 'unknown_bank', 'no such bank');
    return bank.faults;
  });

  app.put('/admin/banks/:bank/faults', async (request, reply) => {
    const bank = bankParam(request.params);
    if (!bank) return sendError(reply, 404, 'unknown_bank', 'no such bank');
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'invalid_request', z.prettifyError(parsed.error));
    bank.faults = parsed.data;
    return bank.faults;
  });

  app.delete('/admin/banks/:bank/faults', async (request, reply) => {
    const bank = bankParam(request.params);
    if (!bank) return sendError(reply, 404, 'unknown_bank', 'no such bank');
    bank.faults = NO_FAULTS;
    return bank.faults;
  });

  app.patch('/admin/banks/:bank/accounts/:id', async (request, reply) => {
    const bank = bankParam(request.params);
    if (!bank) return sendError(reply, 404, 'unknown_bank', 'no such bank');
    const { id } = request.params as { id: string };
    const account = [...bank.sessions.accountsByRut.values()].flat().find((candidate) => candidate.id === id);
    if (!account) return sendError(reply, 404, 'unknown_account', 'accounts open on the payer’s first login');
    const parsed = accountPatch.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'invalid_request', z.prettifyError(parsed.error));
    const patch = parsed.data;
    if (patch.balance !== undefined) account.balance = patch.balance;
    if (patch.dailyLimit !== undefined) account.dailyLimit = patch.dailyLimit;
    if (patch.blocked !== undefined) account.blocked = patch.blocked;
    return {
      id: account.id,
      balance: account.balance,
      daily_limit: account.dailyLimit,
      blocked: account.blocked,
    };
  });

  app.post('/admin/reset', async () => {
    state.reset();
    return { status: 'reset' };
  });
}
