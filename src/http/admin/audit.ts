import type { FastifyRequest } from 'fastify';
import type { Services } from '../../composition.ts';

/** Writes one operator action to the audit log, with who, from where and which request. */
export async function auditAction(
  services: Services,
  request: FastifyRequest,
  action: string,
  target: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await services.operators.audit({
    operatorId: request.operator?.operatorId ?? null,
    operatorEmail: request.operator?.email ?? null,
    action,
    target,
    details,
    ip: request.ip,
    requestId: request.id,
  });
}
