import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import type { SecondFactorAnswer } from '../../../ports/bank-connector.ts';
import { verifySecondFactor } from '../../../use-cases/funnel/verify-second-factor.ts';
import { funnelAction } from '../funnel-action.ts';

/**
 * `POST /session/{token}/second-factor`: the code (`code`), the coordinates (`coordinate`, repeated) or
 * "I approved in the app" (`kind=app`). What the payer typed goes to the bank only.
 */
export function secondFactorAction(app: FastifyInstance, services: Services): void {
  funnelAction(app, services, 'second-factor', async (deps, view, form) => {
    const kind = view.funnel.challenge?.kind ?? 'none';
    let answer: SecondFactorAnswer;
    switch (kind) {
      case 'code':
        answer = { kind: 'code', code: (form.get('code') ?? '').replace(/\s+/g, '') };
        break;
      case 'coordinates':
        answer = { kind: 'coordinates', values: form.getAll('coordinate').map((value) => value.trim()) };
        break;
      case 'app':
        answer = { kind: 'app' };
        break;
      default:
        answer = { kind: 'none' };
    }
    const outcome = await verifySecondFactor(deps, view, answer);
    if (outcome === 'wrong_answer') return 'wrong_answer';
    if (outcome === 'waiting') return 'app_still_waiting';
    return null;
  });
}
