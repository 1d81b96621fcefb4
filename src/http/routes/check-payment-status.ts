import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import type { PaymentSession } from '../../domain/session.ts';
import { checkPaymentStatus } from '../../use-cases/check-payment-status.ts';
import * as fields from '../fields.ts';
import { readJsonObject } from '../json-body.ts';
import { withMerchantAdmission } from '../merchant-admission.ts';

export const checkPaymentStatusBody = z.object({
  merchant_api_token: fields.merchantApiToken,
  merchant_code: fields.optionalToken,
  payment_token: fields.optionalToken,
  merchant_order_id: fields.optionalOrderId,
  session_token: fields.optionalToken,
});

export function paymentStatusView(session: PaymentSession) {
  return {
    session_token: session.token,
    payment_token: session.paymentToken,
    merchant_order_id: session.merchantOrderId,
    order_amount: session.orderAmount,
    payment_status: session.paymentStatus,
    payment_step: session.paymentStep,
    user_bank_code: session.userBankCode,
    created_at: session.createdAt.toISOString(),
    updated_at: session.updatedAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
  };
}

/** `POST /merchant/check_payment_status`: the merchant's matching sessions, newest first (DESIGN §2.2). */
export function checkPaymentStatusRoute(app: FastifyInstance, services: Services): void {
  app.post('/merchant/check_payment_status', async (request) => {
    const body = fields.parseBody(checkPaymentStatusBody, readJsonObject(request.body));
    const sessions = await withMerchantAdmission(services, request, (admit) =>
      checkPaymentStatus(
        { ...services, admit },
        {
          merchantApiToken: body.merchant_api_token,
          merchantCode: body.merchant_code,
          paymentToken: body.payment_token,
          merchantOrderId: body.merchant_order_id,
          sessionToken: body.session_token,
        },
      ),
    );
    return sessions.map(paymentStatusView);
  });
}
