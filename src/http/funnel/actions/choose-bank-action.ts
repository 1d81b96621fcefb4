import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../composition.ts';
import { parseBankCode } from '../../../domain/banks.ts';
import { chooseBank } from '../../../use-cases/funnel/choose-bank.ts';
import { funnelAction } from '../funnel-action.ts';

/** `POST /session/{token}/bank` (`bank=cl_bci`): start with a bank, or try another after a failure. */
export function chooseBankAction(app: FastifyInstance, services: Services): void {
  funnelAction(app, services, 'bank', async (deps, view, form) => {
    const code = parseBankCode(form.get('bank') ?? '');
    if (code) await chooseBank(deps, view, code);
    return null;
  });
}
