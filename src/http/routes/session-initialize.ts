import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { validationError } from '../../domain/errors.ts';
import { authenticateMerchantToken } from '../../use-cases/authenticate-merchant.ts';
import { createPaymentSession } from '../../use-cases/create-payment-session.ts';
import { chooseDirectTransfer } from '../../use-cases/direct-transfer/choose-direct-transfer.ts';
import * as fields from '../fields.ts';
import { directTransferDeps } from '../funnel/funnel-request.ts';
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
  // A Puente extension: skip the bank choice (ETpay clients never send it).
  payment_method: fields.paymentMethod,
});

/** `POST /session/initialize`: a merchant's server opens a payment session (DESIGN §2.1). */
export function sessionInitializeRoute(app: FastifyInstance, services: Services): void {
  app.post('/session/initialize', async (request) => {
    const body = fields.parseBody(initializeSessionBody, readJsonObject(request.body));
    const session = await withMerchantAdmission(services, request, async (admit) => {
      if (body.payment_method === 'direct_transfer') {
        await requireDirectTransfer(services, body.merchant_api_token, body.merchant_code);
      }
      const created = await createPaymentSession(
        {
          admit,
          merchants: services.merchants,
          sessions: services.sessions,
          directTransfers: services.directTransfers,
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
      );
      if (body.payment_method !== 'direct_transfer') return created;
      return { ...created, expiresAt: await startWithDirectTransfer(services, created.token) };
    });
    return {
      token: session.token,
      signature_token: session.signatureToken,
      expires_at: session.expiresAt.toISOString(),
      payment_url: session.paymentUrl,
    };
  });
}

/** `payment_method: "direct_transfer"` needs the merchant's collecting account, enabled. */
async function requireDirectTransfer(services: Services, apiToken: string, code: string): Promise<void> {
  const merchant = await authenticateMerchantToken(services, apiToken, code);
  const account = await services.directTransfers.collectingAccount(merchant.id);
  if (!account?.enabled) {
    throw validationError('payment_method', 'direct_transfer is not enabled for this merchant');
  }
}

/** The session starts at the direct-transfer page; its expiry becomes the end of the merchant's window. */
async function startWithDirectTransfer(services: Services, token: string): Promise<Date> {
  const view = await services.funnels.load(token);
  if (!view) throw new Error('the session just created is not there');
  const result = await chooseDirectTransfer(directTransferDeps(services), view);
  return result?.applied ? result.view.session.expiresAt : view.session.expiresAt;
}
