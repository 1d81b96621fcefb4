import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { happens } from '../faults.ts';
import { openFinancePaths, PAYMENTS_SCOPE } from '../open-finance/authorization-server.ts';
import { sameCreditor } from '../open-finance/payment-consents.ts';
import {
  consentRequestSchema,
  consentToWire,
  creditorOf,
  obError,
  paymentRequestSchema,
  paymentToWire,
  pesosOf,
} from '../open-finance/uk-ob-wire.ts';
import type { SimulatedBank, SimulatorState } from '../simulator-state.ts';
import { type BankRouteConfig, bankOf } from './bank-scope.ts';

/** The simulator's own origin as the caller reached it: the issuer and audience its tokens carry. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

interface Caller {
  clientId: string;
  grantId: string | undefined;
}

/**
 * The bearer token's holder, if it is a live token of this bank for the payments resource: a client
 * credentials token (`kind: 'client'`) or one the payer granted at the bank (`kind: 'payer'`).
 */
async function callerOf(
  state: SimulatorState,
  bank: SimulatedBank,
  request: FastifyRequest,
  kind: 'client' | 'payer',
): Promise<Caller | null> {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) return null;
  const value = header.slice('Bearer '.length).trim();
  const origin = originOf(request);
  const provider = await state.authorizationServers.provider(bank.profile.code, origin);
  const token =
    kind === 'client' ? await provider.ClientCredentials.find(value) : await provider.AccessToken.find(value);
  if (!token || token.isExpired) return null;
  const audience = `${origin}${openFinancePaths(bank.profile.code).resource}`;
  if (token.aud !== audience && !(Array.isArray(token.aud) && token.aud.includes(audience))) return null;
  if (
    !String(token.scope ?? '')
      .split(' ')
      .includes(PAYMENTS_SCOPE)
  )
    return null;
  return { clientId: token.clientId as string, grantId: 'grantId' in token ? token.grantId : undefined };
}

function unauthorised(reply: FastifyReply) {
  return reply.code(401).send(obError('UK.OBIE.Header.Invalid', 'a valid access token is required'));
}

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const key = request.headers['x-idempotency-key'];
  return typeof key === 'string' && key.length > 0 && key.length <= 40 ? key : null;
}

/**
 * The model bank's resource server (UK Open Banking v3.1 Payment Initiation): payment consents created and
 * read with a client-credentials token, the payment order sent with the token the payer granted at the
 * bank and an `x-idempotency-key` (the same key returns the first payment and never moves money twice),
 * payments read back with a client-credentials token.
 */
export function openFinancePaymentRoutes(scope: FastifyInstance, state: SimulatorState): void {
  const base = '/open-finance/pisp';
  const consentCall: BankRouteConfig = { operation: 'payment_consent' };
  const paymentCall: BankRouteConfig = { operation: 'payment' };
  const paymentStatusCall: BankRouteConfig = { operation: 'payment_status' };
  const self = (request: FastifyRequest, path: string) =>
    `${originOf(request)}${openFinancePaths(bankOf(state, request).profile.code).resource}${path}`;

  scope.post(`${base}/domestic-payment-consents`, { config: consentCall }, async (request, reply) => {
    const bank = bankOf(state, request);
    const caller = await callerOf(state, bank, request, 'client');
    if (!caller) return unauthorised(reply);
    const key = idempotencyKeyOf(request);
    if (!key) return reply.code(400).send(obError('UK.OBIE.Header.Missing', 'x-idempotency-key is required'));
    const parsed = consentRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(obError('UK.OBIE.Field.Invalid', 'invalid consent'));
    const { Initiation } = parsed.data.Data;
    const creditor = creditorOf(Initiation.CreditorAccount);
    if (!creditor)
      return reply
        .code(400)
        .send(obError('UK.OBIE.Unsupported.AccountIdentifier', 'unknown creditor account scheme'));
    const created = bank.consents.create(
      caller.clientId,
      {
        amount: pesosOf(Initiation),
        creditor,
        reference: Initiation.RemittanceInformation?.Reference ?? '',
        idempotencyKey: key,
      },
      new Date(),
    );
    if (created.result === 'idempotency_conflict')
      return reply
        .code(409)
        .send(obError('UK.OBIE.Resource.ConsentMismatch', 'key used for another consent'));
    const { consent } = created;
    return reply
      .code(201)
      .send(consentToWire(consent, self(request, `/domestic-payment-consents/${consent.id}`)));
  });

  scope.get(`${base}/domestic-payment-consents/:id`, { config: consentCall }, async (request, reply) => {
    const bank = bankOf(state, request);
    const caller = await callerOf(state, bank, request, 'client');
    if (!caller) return unauthorised(reply);
    const consent = bank.consents.consent((request.params as { id: string }).id, caller.clientId);
    if (!consent) return reply.code(404).send(obError('UK.OBIE.Resource.NotFound', 'no such consent'));
    return consentToWire(consent, self(request, `/domestic-payment-consents/${consent.id}`));
  });

  scope.post(`${base}/domestic-payments`, { config: paymentCall }, async (request, reply) => {
    const bank = bankOf(state, request);
    const caller = await callerOf(state, bank, request, 'payer');
    if (!caller?.grantId) return unauthorised(reply);
    const key = idempotencyKeyOf(request);
    if (!key) return reply.code(400).send(obError('UK.OBIE.Header.Missing', 'x-idempotency-key is required'));
    const parsed = paymentRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(obError('UK.OBIE.Field.Invalid', 'invalid payment'));
    const { ConsentId, Initiation } = parsed.data.Data;
    const consent = bank.consents.consent(ConsentId, caller.clientId);
    if (!consent) return reply.code(404).send(obError('UK.OBIE.Resource.NotFound', 'no such consent'));
    // The order must be the consent's: same amount and the same creditor, every field of it.
    const creditor = creditorOf(Initiation.CreditorAccount);
    if (pesosOf(Initiation) !== consent.amount || !creditor || !sameCreditor(creditor, consent.creditor))
      return reply.code(400).send(obError('UK.OBIE.Resource.ConsentMismatch', 'initiation differs'));
    const answer = bank.consents.submit(
      ConsentId,
      caller.grantId,
      key,
      Date.now(),
      happens(bank.faults.pendingThenRejectedRate) ? 'rejected' : 'completed',
    );
    switch (answer.result) {
      case 'consent_not_authorised':
        return reply.code(403).send(obError('UK.OBIE.Resource.InvalidConsentStatus', 'consent not usable'));
      case 'idempotency_conflict':
        return reply.code(409).send(obError('UK.OBIE.Header.Invalid', 'key used for another payment'));
      case 'unknown_account':
        return reply.code(400).send(obError('UK.OBIE.Unsupported.AccountIdentifier', 'unknown account'));
      case 'payment': {
        if (happens(bank.faults.answerLostRate)) {
          reply.hijack();
          reply.raw.destroy();
          return reply;
        }
        const { payment } = answer;
        return reply
          .code(201)
          .send(paymentToWire(payment, consent, self(request, `/domestic-payments/${payment.id}`)));
      }
      default: {
        const exhaustive: never = answer;
        throw new Error(`unhandled payment answer ${JSON.stringify(exhaustive)}`);
      }
    }
  });

  scope.get(`${base}/domestic-payments/:id`, { config: paymentStatusCall }, async (request, reply) => {
    const bank = bankOf(state, request);
    const caller = await callerOf(state, bank, request, 'client');
    if (!caller) return unauthorised(reply);
    const payment = bank.consents.payment((request.params as { id: string }).id, Date.now());
    const consent = payment ? bank.consents.consent(payment.consentId, caller.clientId) : null;
    if (!payment || !consent)
      return reply.code(404).send(obError('UK.OBIE.Resource.NotFound', 'no such payment'));
    return paymentToWire(payment, consent, self(request, `/domestic-payments/${payment.id}`));
  });
}
