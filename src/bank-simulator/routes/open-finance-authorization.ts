import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { parseRut } from '../../domain/rut.ts';
import { happens } from '../faults.ts';
import { INTENT_PARAM, openFinancePaths, PAYMENTS_SCOPE } from '../open-finance/authorization-server.ts';
import { consentPage, loginPage, problemPage } from '../open-finance/bank-pages.ts';
import type { PaymentConsent } from '../open-finance/payment-consents.ts';
import type { SimulatedBank, SimulatorState } from '../simulator-state.ts';
import { testPayerFor } from '../test-payers.ts';
import { type BankRouteConfig, bankOf } from './bank-scope.ts';
import { originOf } from './open-finance-payments.ts';

const config: BankRouteConfig = { operation: 'authorize' };
/** How long the bank remembers who logged in during one authorisation (its interaction's lifetime). */
const LOGIN_TTL_SECONDS = 600;

/**
 * The model bank's authorisation server (`oidc-provider`, mounted under `/banks/:bank/open-finance/oauth`)
 * and its interaction pages: the payer logs in with RUT and password at the bank, picks the account, and
 * authorises or rejects the payment consent. The sandbox test payers behave here as in the credentials
 * flow (blocked, unavailable, refused second factor → consent rejected...).
 */
export function openFinanceAuthorizationRoutes(scope: FastifyInstance, state: SimulatorState): void {
  const callbacks = new WeakMap<Provider, ReturnType<Provider['callback']>>();

  void scope.register(async (oauth) => {
    // The provider reads its own bodies: Fastify must leave the request stream alone.
    oauth.removeAllContentTypeParsers();
    oauth.addContentTypeParser('*', (_request, _payload, done) => done(null));
    oauth.all('/open-finance/oauth/*', { config }, async (request, reply) => {
      const bank = bankOf(state, request);
      const provider = await state.authorizationServers.provider(bank.profile.code, originOf(request));
      let callback = callbacks.get(provider);
      if (!callback) {
        callback = provider.callback();
        callbacks.set(provider, callback);
      }
      const raw = request.raw as IncomingMessage & { originalUrl?: string };
      const url = raw.url ?? '/';
      const mount = url.indexOf('/open-finance/oauth') + '/open-finance/oauth'.length;
      raw.originalUrl = url;
      raw.url = url.slice(mount) || '/';
      reply.hijack();
      await callback(raw, reply.raw);
    });
  });

  void scope.register(async (pages) => {
    pages.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, done) => done(null, new URLSearchParams(body as string)),
    );
    const page = '/open-finance/interaction/:uid';

    pages.get(page, { config }, async (request, reply) => {
      const found = await interactionOf(state, request, reply);
      if (!found) return reply;
      const { bank, consent, action, payerRut } = found;
      const payer = payerRut ? testPayerFor(payerRut) : null;
      if (!payer) return html(reply, 200, loginPage(bank.profile, consent, action, null));
      const accounts = bank.sessions.accounts({ payer });
      return html(reply, 200, consentPage(bank.profile, consent, accounts, payer.holderName, action));
    });

    pages.post(`${page}/login`, { config }, async (request, reply) => {
      const found = await interactionOf(state, request, reply);
      if (!found) return reply;
      const { bank, consent, action, uid } = found;
      const form = formOf(request);
      const checked = bank.sessions.checkCredentials(form.get('rut') ?? '', form.get('password') ?? '');
      switch (checked.result) {
        case 'ok':
          state.authorizationServers.storage.set(
            loginKey(bank, uid),
            { accountId: checked.payer.rut },
            LOGIN_TTL_SECONDS,
          );
          return reply.redirect(action, 303);
        case 'invalid_credentials':
          return html(reply, 200, loginPage(bank.profile, consent, action, 'RUT o clave incorrectos.'));
        case 'user_blocked':
          return html(reply, 200, loginPage(bank.profile, consent, action, 'Tu clave está bloqueada.'));
        case 'unavailable':
          return html(reply, 503, loginPage(bank.profile, consent, action, 'Servicio no disponible.'));
        default: {
          const exhaustive: never = checked;
          throw new Error(`unhandled login ${JSON.stringify(exhaustive)}`);
        }
      }
    });

    pages.post(`${page}/authorise`, { config }, async (request, reply) => {
      const found = await interactionOf(state, request, reply);
      if (!found) return reply;
      const { bank, consent, provider, payerRut, clientId } = found;
      if (!payerRut) return reply.redirect(found.action, 303);
      const payer = testPayerFor(payerRut);
      const form = formOf(request);
      const now = new Date();
      if (form.get('decision') !== 'authorise') {
        bank.consents.reject(consent.id, now);
        return finish(request, reply, provider, denied('the payer rejected the consent'));
      }
      // The bank's own checks after the payer said yes: its second factor as the test payers have it, and
      // the injected refusal.
      if (
        payer.scenario === 'second_factor_refused' ||
        payer.scenario === 'second_factor_timed_out' ||
        happens(bank.faults.consentRejectedRate)
      ) {
        bank.consents.reject(consent.id, now);
        return finish(request, reply, provider, denied('the bank rejected the consent'));
      }
      const account = bank.sessions
        .accounts({ payer })
        .find((candidate) => candidate.id === form.get('account'));
      if (!account) return reply.redirect(found.action, 303);
      const grant = new provider.Grant({ accountId: payer.rut, clientId });
      grant.addResourceScope(
        `${originOf(request)}${openFinancePaths(bank.profile.code).resource}`,
        PAYMENTS_SCOPE,
      );
      // Asked without a `resource` parameter, the scope is also checked as a plain (OIDC) scope.
      grant.addOIDCScope(PAYMENTS_SCOPE);
      const grantId = await grant.save();
      if (!bank.consents.authorise(consent.id, payer, account.id, grantId, now)) {
        return finish(request, reply, provider, denied('the consent is no longer awaiting authorisation'));
      }
      return finish(request, reply, provider, { login: { accountId: payer.rut }, consent: { grantId } });
    });

    // The payer walks away at the bank: the consent stays unauthorised, the provider hears `access_denied`.
    pages.post(`${page}/cancel`, { config }, async (request, reply) => {
      const found = await interactionOf(state, request, reply);
      if (!found) return reply;
      return finish(request, reply, found.provider, denied('the payer cancelled at the bank'));
    });
  });
}

function denied(description: string): InteractionResults {
  return { error: 'access_denied', error_description: description };
}

function loginKey(bank: SimulatedBank, uid: string): string {
  return `${bank.profile.code}:PayerLogin:${uid}`;
}

function formOf(request: FastifyRequest): URLSearchParams {
  return request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
}

function html(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

async function finish(
  request: FastifyRequest,
  reply: FastifyReply,
  provider: Provider,
  result: InteractionResults,
) {
  const to = await provider.interactionResult(request.raw, reply.raw, result, {
    mergeWithLastSubmission: false,
  });
  return reply.redirect(to, 303);
}

/** The interaction this page belongs to (by its cookie), its consent, and who logged in, if anyone. */
async function interactionOf(state: SimulatorState, request: FastifyRequest, reply: FastifyReply) {
  const bank = bankOf(state, request);
  const { uid } = request.params as { uid: string };
  const provider = await state.authorizationServers.provider(bank.profile.code, originOf(request));
  let details: Awaited<ReturnType<Provider['interactionDetails']>>;
  try {
    details = await provider.interactionDetails(request.raw, reply.raw);
  } catch {
    html(reply, 400, problemPage(bank.profile, 'La autorización expiró o no es válida. Vuelve al comercio.'));
    return null;
  }
  if (details.uid !== uid) {
    html(reply, 400, problemPage(bank.profile, 'La autorización no es válida.'));
    return null;
  }
  const clientId = String(details.params.client_id ?? '');
  const consentId = String(details.params[INTENT_PARAM] ?? '');
  const consent: PaymentConsent | null = bank.consents.consent(consentId, clientId);
  if (consent?.status !== 'AwaitingAuthorisation') {
    // Nothing to authorise: the provider tells the client so.
    await finish(request, reply, provider, {
      error: 'invalid_request',
      error_description: 'unknown or already used payment consent',
    });
    return null;
  }
  const login = state.authorizationServers.storage.get(loginKey(bank, uid));
  const payerRut = login?.accountId ? parseRut(login.accountId) : null;
  return {
    bank,
    consent,
    provider,
    uid,
    clientId,
    payerRut,
    action: openFinancePaths(bank.profile.code).interaction(uid),
  };
}
