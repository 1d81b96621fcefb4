import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorState } from '../simulator-state.ts';
import { sendError } from './bank-scope.ts';

const accountPatch = z
  .object({
    balance: z.number().int().min(0).optional(),
    dailyLimit: z.number().int().min(0).optional(),
    blocked: z.boolean().optional(),
  })
  .strict();

/** `PATCH /admin/banks/:bank/accounts/:id` (adjust an account) and `POST /admin/reset` (forget everything). */
export function adminAccountRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.patch('/admin/banks/:bank/accounts/:id', async (request, reply) => {
    const { bank: code, id } = request.params as { bank: string; id: string };
    const bank = state.bank(code);
    if (!bank) return sendError(reply, 404, 'unknown_bank', 'no such bank');
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
