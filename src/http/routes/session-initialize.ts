import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { createPaymentSession } from '../../use-cases/create-payment-session.ts';
import * as fields from '../fields.ts';
import { readJsonObject } from '../json-body.ts';
import { withMerchantAdmission } from '../merchant-admission.ts';

export const initializeSessionBody = z.object({
  merchant_code: fields.merchantCode,
  merchant_api_token: fields.merchantApiToken,
  merchant_order_id: fields.merchantOrderId,
  order_amount: fields.orderAmount,
  customer_email: fields.customerEmail,
  user_bank_code: fields.userBankCode,
  user_rut: fields.userRut,
  is_rut_block: fields.flag,
  metadata: fields.metadata,
  payment_completed_url: fields.httpUrl,
  payment_cancellation_url: fields.httpUrl,
  payment_webhook_url: fields.httpUrl,
  concat: fields.concat,
});

/** `POST /session/initialize`: a merchant's server opens a payment session (DESIGN §2.1). */
export function sessionInitializeRoute(app: FastifyInstance, services: Services): void {
  app.post('/session/initialize', async (request) => {
    const body = fields.parseBody(initializeSessionBody, readJsonObject(request.body));
    const session = await withMerchantAdmission(services, request, (admit) =>
      createPaymentSession(
        {
          admit,
          merchants: services.merchants,
          sessions: services.sessions,
          secretBox: services.secretBox,
          credentials: services.credentials,
          paymentBaseUrl: services.config.PUENTE_PAYMENT_URL,
          sessionTtlMinutes: services.config.PUENTE_SESSION_TTL_MINUTES,
        },
        {
          merchantCode: body.merchant_code,
          merchantApiToken: body.merchant_api_token,
          merchantOrderId: body.merchant_order_id,
          orderAmount: body.order_amount,
          customerEmail: body.customer_email,
          userBankCode: body.user_bank_code,
          userRut: body.user_rut,
          isRutBlock: body.is_rut_block,
          metadata: body.metadata,
          paymentCompletedUrl: body.payment_completed_url,
          paymentCancellationUrl: body.payment_cancellation_url,
          paymentWebhookUrl: body.payment_webhook_url,
          concat: body.concat,
        },
      ),
    );
    return {
      token: session.token,
      signature_token: session.signatureToken,
      expires_at: session.expiresAt.toISOString(),
      payment_url: session.paymentUrl,
    };
  });
}
