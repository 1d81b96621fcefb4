import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { type Movement, parseMovement } from '../../domain/direct-transfer.ts';
import { validationError } from '../../domain/errors.ts';
import { authenticateMerchantToken } from '../../use-cases/authenticate-merchant.ts';
import { ingestMovements } from '../../use-cases/direct-transfer/ingest-movements.ts';
import * as fields from '../fields.ts';
import { directTransferDeps } from '../funnel/funnel-request.ts';
import { readJsonObject } from '../json-body.ts';
import { withMerchantAdmission } from '../merchant-admission.ts';

/** Movements per call: a statement of a busy day fits; a larger one is sent in parts. */
const MAX_MOVEMENTS = 1000;

export const merchantMovementsBody = z.object({
  merchant_code: fields.merchantCode,
  merchant_api_token: fields.merchantApiToken,
  movements: z.array(z.unknown()).min(1).max(MAX_MOVEMENTS),
});

/**
 * `POST /merchant/movements` (a Puente extension): credits of the merchant's collecting account, each once
 * by its own `id` (sending one again changes nothing). Each is matched to a direct-transfer payment, sent
 * to the review queue, recognised as the credit of a payment Puente initiated, or kept as an ordinary
 * credit; the answer counts them.
 */
export function merchantMovementsRoute(app: FastifyInstance, services: Services): void {
  app.post('/merchant/movements', async (request) => {
    const body = fields.parseBody(merchantMovementsBody, readJsonObject(request.body));
    const movements = body.movements.map((item, index): Movement => {
      const raw = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
      const parsed = parseMovement(raw);
      if ('field' in parsed) throw validationError(`movements.${index}.${parsed.field}`, parsed.message);
      return parsed.movement;
    });
    const summary = await withMerchantAdmission(services, request, async (admit) => {
      const merchant = await authenticateMerchantToken(services, body.merchant_api_token, body.merchant_code);
      await admit(merchant);
      return ingestMovements(directTransferDeps(services), merchant.id, movements, { kind: 'api' });
    });
    return {
      received: summary.received,
      new: summary.fresh,
      matched: summary.matched,
      to_review: summary.toReview,
      initiated: summary.initiated,
      unmatched: summary.unmatched,
    };
  });
}
