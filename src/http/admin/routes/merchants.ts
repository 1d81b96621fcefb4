import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../../composition.ts';
import type { Environment } from '../../../domain/banks.ts';
import { PuenteError } from '../../../domain/errors.ts';
import type { Merchant, MerchantSettings } from '../../../domain/merchant.ts';
import {
  createMerchant,
  type MerchantCredentials,
  rotateMerchantToken,
  updateMerchant,
} from '../../../use-cases/manage-merchants.ts';
import { type Html, html } from '../../html.ts';
import { operatorMay } from '../access.ts';
import { auditAction } from '../audit.ts';
import { directTransferCard } from '../direct-transfer-card.ts';
import { environmentLabel } from '../labels.ts';
import { adminPage, csrfField, formOf, operatorOf, scrollingTable, sendPage } from '../layout.ts';
import { type AdminMessageKey, type AdminText, textOf } from '../messages.ts';

const SECTION = '/admin/merchants';

function statusBadge(text: AdminText, merchant: Merchant): Html {
  return merchant.active
    ? html`<span class="badge active">${text.t('merchant_active')}</span>`
    : html`<span class="badge suspended">${text.t('merchant_suspended')}</span>`;
}

/** Reads the merchant form; a field left empty clears an optional URL. */
function settingsFrom(form: URLSearchParams): Partial<MerchantSettings> {
  const text = (name: string) => (form.get(name) ?? '').trim();
  const environment = text('environment');
  const limit = text('amount_limit').replace(/[.$\s]/g, '');
  return {
    name: text('name'),
    environment: (environment === 'production' ? 'production' : 'sandbox') as Environment,
    completedUrl: text('completed_url') || null,
    cancellationUrl: text('cancellation_url') || null,
    webhookUrl: text('webhook_url') || null,
    frameOrigins: text('frame_origins')
      .split(/[\s,]+/)
      .filter(Boolean),
    amountLimit: /^\d+$/.test(limit) ? Number(limit) : Number.NaN,
    // A checkbox sends nothing when unticked: the form always holds the whole policy.
    onePaymentPerOrder: form.get('one_payment_per_order') === 'on',
  };
}

function merchantForm(
  request: FastifyRequest,
  action: string,
  values: Partial<MerchantSettings>,
  submit: AdminMessageKey,
): Html {
  const text = textOf(request);
  const { t } = text;
  return html`<form method="post" action="${action}" class="stack">
${csrfField(operatorOf(request))}
<div><label for="name">${t('field_name')}</label><input id="name" name="name" required maxlength="100" value="${values.name ?? ''}"></div>
<div><label for="environment">${t('environment')}</label><select id="environment" name="environment">
<option value="sandbox"${values.environment !== 'production' ? html` selected` : ''}>${environmentLabel('sandbox', text.language)}</option>
<option value="production"${values.environment === 'production' ? html` selected` : ''}>${environmentLabel('production', text.language)}</option>
</select></div>
<div><label for="amount_limit">${t('field_amount_limit')}</label><input id="amount_limit" name="amount_limit" inputmode="numeric" required value="${Number.isFinite(values.amountLimit) ? String(values.amountLimit) : ''}"></div>
<div><label for="completed_url">${t('field_completed_url')}</label><input id="completed_url" name="completed_url" type="url" value="${values.completedUrl ?? ''}"></div>
<div><label for="cancellation_url">${t('field_cancellation_url')}</label><input id="cancellation_url" name="cancellation_url" type="url" value="${values.cancellationUrl ?? ''}"></div>
<div><label for="webhook_url">${t('field_webhook_url')}</label><input id="webhook_url" name="webhook_url" type="url" value="${values.webhookUrl ?? ''}"></div>
<div class="check"><input id="one_payment_per_order" name="one_payment_per_order" type="checkbox"${values.onePaymentPerOrder ? html` checked` : ''} aria-describedby="one_payment_per_order_help"><label for="one_payment_per_order">${t('field_one_payment')}</label>
<p class="note" id="one_payment_per_order_help">${text.rich('field_one_payment_help', { field: html`<code>merchant_order_id</code>` })}</p></div>
<div><label for="frame_origins">${t('field_frame_origins')}</label><textarea id="frame_origins" name="frame_origins" rows="2">${(values.frameOrigins ?? []).join('\n')}</textarea></div>
<button type="submit" class="primary">${t(submit)}</button>
</form>`;
}

function credentialsCard(text: AdminText, credentials: MerchantCredentials, heading: AdminMessageKey): Html {
  return html`<section class="card secret" aria-labelledby="credentials-title">
<h2 id="credentials-title">${text.t(heading)}</h2>
<p>${text.rich('credentials_copy', { never: html`<strong>${text.t('credentials_never')}</strong>` })}</p>
<dl class="details">
<dt>merchant_code</dt><dd><code id="merchant-code">${credentials.merchant.code}</code></dd>
<dt>merchant_api_token</dt><dd><code id="merchant-api-token">${credentials.apiToken}</code></dd>
</dl>
</section>`;
}

function merchantDetail(
  request: FastifyRequest,
  merchant: Merchant,
  top: Html | string = '',
  bottom: Html | string = '',
): string {
  const operator = operatorOf(request);
  const text = textOf(request);
  const { t } = text;
  const base = `/admin/merchants/${encodeURIComponent(merchant.code)}`;
  return adminPage({
    text,
    back: base,
    title: merchant.name,
    operator,
    section: SECTION,
    body: html`${top}<section class="card">
<h1>${merchant.name} ${statusBadge(text, merchant)}</h1>
<dl class="details">
<dt>merchant_code</dt><dd><code>${merchant.code}</code></dd>
<dt>${t('environment')}</dt><dd>${environmentLabel(merchant.environment, text.language)}</dd>
<dt>${t('amount_limit')}</dt><dd>${text.pesos(merchant.amountLimit)}</dd>
<dt>${t('payments_per_order')}</dt><dd>${merchant.onePaymentPerOrder ? t('one_payment_per_order') : t('many_payments_per_order')}</dd>
<dt>${t('created')}</dt><dd>${text.time(merchant.createdAt)}</dd>
</dl>
<div class="actions">
${
  operatorMay(operator, 'merchants.manage')
    ? html`<form method="post" action="${base}/status">${csrfField(operator)}<input type="hidden" name="active" value="${merchant.active ? 'false' : 'true'}"><button type="submit" class="inline${merchant.active ? ' danger' : ''}">${merchant.active ? t('suspend') : t('reactivate')}</button></form>
<form method="post" action="${base}/rotate-token">${csrfField(operator)}<button type="submit" class="inline">${t('rotate_token')}</button></form>`
    : ''
}
<a class="button inline" href="/admin/payments?merchant=${merchant.code}">${t('see_payments')}</a>
</div>
</section>
${operatorMay(operator, 'merchants.manage') ? html`<section class="card"><h2>${t('settings')}</h2>${merchantForm(request, base, merchant, 'save_changes')}</section>` : ''}
${bottom}`,
  });
}

async function merchantOr404(services: Services, code: string): Promise<Merchant> {
  const merchant = await services.merchants.findByCode(code);
  if (!merchant) throw new PuenteError('not_found', 'merchant_not_found' satisfies AdminMessageKey);
  return merchant;
}

export function merchantRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/merchants', async (request, reply) => {
    const text = textOf(request);
    const { t } = text;
    const merchants = await services.merchants.list();
    return sendPage(
      reply,
      adminPage({
        text,
        title: t('nav_merchants'),
        operator: operatorOf(request),
        section: SECTION,
        body: html`<section class="card">
<div class="actions"><h1>${t('nav_merchants')}</h1>${operatorMay(operatorOf(request), 'merchants.manage') ? html`<a class="button inline primary" href="/admin/merchants/new">${t('new_merchant')}</a>` : ''}</div>
${scrollingTable(
  text,
  html`<table>
<thead><tr><th>${t('name')}</th><th>merchant_code</th><th>${t('environment')}</th><th>${t('status')}</th><th class="number">${t('amount_limit')}</th><th>${t('created')}</th></tr></thead>
<tbody>${merchants.map(
    (merchant) =>
      html`<tr><td><a href="/admin/merchants/${merchant.code}">${merchant.name}</a></td><td><code>${merchant.code}</code></td><td>${environmentLabel(merchant.environment, text.language)}</td><td>${statusBadge(text, merchant)}</td><td class="number">${text.pesos(merchant.amountLimit)}</td><td>${text.time(merchant.createdAt)}</td></tr>`,
  )}</tbody>
</table>`,
)}
${merchants.length === 0 ? html`<p class="note">${t('no_merchants')}</p>` : ''}
</section>`,
      }),
    );
  });

  admin.get('/merchants/new', async (request, reply) => {
    const text = textOf(request);
    return sendPage(
      reply,
      adminPage({
        text,
        title: text.t('new_merchant'),
        operator: operatorOf(request),
        section: SECTION,
        body: html`<section class="card"><h1>${text.t('new_merchant')}</h1>${merchantForm(
          request,
          '/admin/merchants',
          { environment: 'sandbox', amountLimit: services.config.PUENTE_DEFAULT_AMOUNT_LIMIT },
          'create_merchant',
        )}</section>`,
      }),
    );
  });

  admin.post('/merchants', async (request, reply) => {
    const settings = settingsFrom(formOf(request));
    try {
      const credentials = await createMerchant(services, {
        ...(settings as MerchantSettings),
        active: true,
      });
      await auditAction(services, request, 'merchant.create', credentials.merchant.code, {
        name: credentials.merchant.name,
        environment: credentials.merchant.environment,
      });
      // The token is on this one response only (no-store): there is no way to see it again.
      return sendPage(
        reply,
        merchantDetail(
          request,
          credentials.merchant,
          credentialsCard(textOf(request), credentials, 'merchant_created'),
        ),
        201,
      );
    } catch (error) {
      if (!(error instanceof PuenteError) || error.code !== 'validation_error') throw error;
      const text = textOf(request);
      return sendPage(
        reply,
        adminPage({
          text,
          title: text.t('new_merchant'),
          operator: operatorOf(request),
          section: SECTION,
          back: '/admin/merchants/new',
          body: html`<section class="card"><h1>${text.t('new_merchant')}</h1><p class="error" role="alert">${error.message}</p>${merchantForm(request, '/admin/merchants', settings, 'create_merchant')}</section>`,
        }),
        400,
      );
    }
  });

  admin.get<{ Params: { code: string } }>('/merchants/:code', async (request, reply) => {
    const merchant = await merchantOr404(services, request.params.code);
    return sendPage(
      reply,
      merchantDetail(request, merchant, '', await directTransferCard(services, merchant, textOf(request))),
    );
  });

  admin.post<{ Params: { code: string } }>('/merchants/:code', async (request, reply) => {
    const current = await merchantOr404(services, request.params.code);
    const changes = settingsFrom(formOf(request));
    try {
      const updated = await updateMerchant(services.merchants, current.code, changes);
      await auditAction(services, request, 'merchant.update', current.code, { ...changes });
      return sendPage(
        reply,
        merchantDetail(
          request,
          updated,
          html`<p class="card flash" role="status">${textOf(request).t('changes_saved')}</p>`,
        ),
      );
    } catch (error) {
      if (!(error instanceof PuenteError) || error.code !== 'validation_error') throw error;
      return sendPage(
        reply,
        merchantDetail(request, current, html`<p class="card flash error" role="alert">${error.message}</p>`),
        400,
      );
    }
  });

  admin.post<{ Params: { code: string } }>('/merchants/:code/status', async (request, reply) => {
    const current = await merchantOr404(services, request.params.code);
    const active = formOf(request).get('active') === 'true';
    const updated = await updateMerchant(services.merchants, current.code, { active });
    await auditAction(services, request, active ? 'merchant.activate' : 'merchant.suspend', current.code);
    return sendPage(
      reply,
      merchantDetail(
        request,
        updated,
        html`<p class="card flash" role="status">${textOf(request).t(active ? 'merchant_reactivated' : 'merchant_suspended_note')}</p>`,
      ),
    );
  });

  admin.post<{ Params: { code: string } }>('/merchants/:code/rotate-token', async (request, reply) => {
    const current = await merchantOr404(services, request.params.code);
    const credentials = await rotateMerchantToken(services, current.code);
    await auditAction(services, request, 'merchant.rotate_token', current.code);
    return sendPage(
      reply,
      merchantDetail(
        request,
        credentials.merchant,
        credentialsCard(textOf(request), credentials, 'token_rotated'),
      ),
    );
  });
}
