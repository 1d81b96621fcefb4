import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { faultsSchema, NO_FAULTS } from '../faults.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { sendError } from './bank-scope.ts';

/** `GET`, `PUT` (replace) and `DELETE` (clear) `/admin/banks/:bank/faults`. */
export function adminFaultRoutes(app: FastifyInstance, state: SimulatorState): void {
  const bankOf = (params: unknown) => state.bank((params as { bank: string }).bank);

  app.get('/admin/banks/:bank/faults', async (request, reply) => {
    const bank = bankOf(request.params);
    if (!bank) return sendError(reply, 404, 'unknown_bank', 'no such bank');
    return bank.faults;
  });

  app.put('/admin/banks/:bank/faults', async (request, reply) => {
    const bank = bankOf(request.params);
    if (!bank) return sendError(reply, 404, 'unknown_bank', 'no such bank');
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(reply, 400, 'invalid_request', z.prettifyError(parsed.error));
    bank.faults = parsed.data;
    return bank.faults;
  });

  app.delete('/admin/banks/:bank/faults', async (request, reply) => {
    const bank = bankOf(request.params);
    if (!bank) return sendError(reply, 404, 'unknown_bank', 'no such bank');
    bank.faults = NO_FAULTS;
    return bank.faults;
  });
}
