import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BankOperation } from '../faults.ts';
import type { SimulatedBank, SimulatorState } from '../simulator-state.ts';

/** Every bank route declares which call it is, so faults can target it. */
export interface BankRouteConfig {
  operation: BankOperation;
}

export function bankOf(state: SimulatorState, request: FastifyRequest): SimulatedBank {
  const { bank } = request.params as { bank: string };
  const found = state.bank(bank);
  // The scope's preHandler has already answered 404 for unknown banks.
  if (!found) throw new Error(`unknown bank ${bank}`);
  return found;
}

/** The bank session id, sent as `Authorization: Bearer <session_id>` (kept out of URLs and logs). */
export function sessionIdOf(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
}

export function sendError(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}
