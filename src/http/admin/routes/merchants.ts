import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../../composition.ts';
import type { Environment } from '../../../domain/banks.ts';
import { PuenteError } from '../../../domain/errors.ts';
import type { Merchant, MerchantSettings } from '../../../domain/merchant.ts';
import { formatPesos } from '../../../domain/money.ts';
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
import { adminPage, csrfField, formOf, operatorOf, sendPage } from '../layout.ts';
import { formatTime } from '../time.ts';

const SECTION = '/admin/merchants';

function statusBadge(merchant: Merchant): Html {
  return merchant.active
    ? html`<span class="badge active">activo</span>`
    : html`<span class="badge suspended">suspendido</span>`;
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
  submit: string,
): Html {
  return html`<form method="post" action="${action}" class="stack">
${csrfField(operatorOf(request))}
<div><label for="name">Nombre (visible para el pagador)</label><input id="name" name="name" required maxlength="100" value="${values.name ?? ''}"></div>
<div><label for="environment">Ambiente</label><select id="environment" name="environment">
<option value="sandbox"${values.environment !== 'production' ? html` selected` : ''}>Sandbox</option>
<option value="production"${values.environment === 'production' ? html` selected` : ''}>Producción</option>
</select></div>
<div><label for="amount_limit">Monto máximo por pago (pesos)</label><input id="amount_limit" name="amount_limit" inputmode="numeric" required value="${Number.isFinite(values.amountLimit) ? String(values.amountLimit) : ''}"></div>
<div><label for="completed_url">URL de pago exitoso</label><input id="completed_url" name="completed_url" type="url" value="${values.completedUrl ?? ''}"></div>
<div><label for="cancellation_url">URL de cancelación o error</label><input id="cancellation_url" name="cancellation_url" type="url" value="${values.cancellationUrl ?? ''}"></div>
<div><label for="webhook_url">URL del webhook</label><input id="webhook_url" name="webhook_url" type="url" value="${values.webhookUrl ?? ''}"></div>
<div class="check"><input id="one_payment_per_order" name="one_payment_per_order" type="checkbox"${values.onePaymentPerOrder ? html` checked` : ''} aria-describedby="one_payment_per_order_help"><label for="one_payment_per_order">Un solo pago por orden</label>
<p class="note" id="one_payment_per_order_help">Marcado: cada <code>merchant_order_id</code> se paga una sola vez (una nueva sesión para una orden pagada se rechaza con 409). Sin marcar (como el protocolo original): cada sesión es su propio pago y una orden puede pagarse varias veces, como en la venta de entradas.</p></div>
<div><label for="frame_origins">Orígenes que pueden enmarcar el pago (uno por línea)</label><textarea id="frame_origins" name="frame_origins" rows="2">${(values.frameOrigins ?? []).join('\n')}</textarea></div>
<button type="submit" class="primary">${submit}</button>
</form>`;
}

function credentialsCard(credentials: MerchantCredentials, heading: string): Html {
  return html`<section class="card secret" aria-labelledby="credentials-title">
<h2 id="credentials-title">${heading}</h2>
<p>Copia el token ahora: no se guarda y <strong>no se volverá a mostrar</strong>.</p>
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
  const base = `/admin/merchants/${encodeURIComponent(merchant.code)}`;
  return adminPage({
    title: merchant.name,
    operator,
    section: SECTION,
    body: html`${top}<section class="card">
<h1>${merchant.name} ${statusBadge(merchant)}</h1>
<dl class="details">
<dt>merchant_code</dt><dd><code>${merchant.code}</code></dd>
<dt>Ambiente</dt><dd>${environmentLabel(merchant.environment)}</dd>
<dt>Monto máximo</dt><dd>${formatPesos(merchant.amountLimit)}</dd>
<dt>Pagos por orden</dt><dd>${merchant.onePaymentPerOrder ? 'Uno solo: una orden pagada no acepta otra sesión' : 'Varios: cada sesión es su propio pago'}</dd>
<dt>Creado</dt><dd>${formatTime(merchant.createdAt)}</dd>
</dl>
<div class="actions">
${
  operatorMay(operator, 'merchants.manage')
    ? html`<form method="post" action="${base}/status">${csrfField(operator)}<input type="hidden" name="active" value="${merchant.active ? 'false' : 'true'}"><button type="submit" class="inline${merchant.active ? ' danger' : ''}">${merchant.active ? 'Suspender' : 'Reactivar'}</button></form>
<form method="post" action="${base}/rotate-token">${csrfField(operator)}<button type="submit" class="inline">Emitir nuevo token</button></form>`
    : ''
}
<a class="button inline" href="/admin/payments?merchant=${merchant.code}">Ver pagos</a>
</div>
</section>
${operatorMay(operator, 'merchants.manage') ? html`<section class="card"><h2>Configuración</h2>${merchantForm(request, base, merchant, 'Guardar cambios')}</section>` : ''}
${bottom}`,
  });
}

async function merchantOr404(services: Services, code: string): Promise<Merchant> {
  const merchant = await services.merchants.findByCode(code);
  if (!merchant) throw new PuenteError('not_found', 'Ningún comercio tiene ese código.');
  return merchant;
}

export function merchantRoutes(admin: FastifyInstance, services: Services): void {
  admin.get('/merchants', async (request, reply) => {
    const merchants = await services.merchants.list();
    return sendPage(
      reply,
      adminPage({
        title: 'Comercios',
        operator: operatorOf(request),
        section: SECTION,
        body: html`<section class="card">
<div class="actions"><h1>Comercios</h1>${operatorMay(operatorOf(request), 'merchants.manage') ? html`<a class="button inline primary" href="/admin/merchants/new">Nuevo comercio</a>` : ''}</div>
<div class="table-scroll" tabindex="0" role="region" aria-label="Tabla (se desplaza a lo ancho)"><table>
<thead><tr><th>Nombre</th><th>merchant_code</th><th>Ambiente</th><th>Estado</th><th class="number">Monto máximo</th><th>Creado</th></tr></thead>
<tbody>${merchants.map(
          (merchant) =>
            html`<tr><td><a href="/admin/merchants/${merchant.code}">${merchant.name}</a></td><td><code>${merchant.code}</code></td><td>${environmentLabel(merchant.environment)}</td><td>${statusBadge(merchant)}</td><td class="number">${formatPesos(merchant.amountLimit)}</td><td>${formatTime(merchant.createdAt)}</td></tr>`,
        )}</tbody>
</table></div>
${merchants.length === 0 ? html`<p class="note">Aún no hay comercios.</p>` : ''}
</section>`,
      }),
    );
  });

  admin.get('/merchants/new', async (request, reply) =>
    sendPage(
      reply,
      adminPage({
        title: 'Nuevo comercio',
        operator: operatorOf(request),
        section: SECTION,
        body: html`<section class="card"><h1>Nuevo comercio</h1>${merchantForm(
          request,
          '/admin/merchants',
          { environment: 'sandbox', amountLimit: services.config.PUENTE_DEFAULT_AMOUNT_LIMIT },
          'Crear comercio',
        )}</section>`,
      }),
    ),
  );

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
        merchantDetail(request, credentials.merchant, credentialsCard(credentials, 'Comercio creado')),
        201,
      );
    } catch (error) {
      if (!(error instanceof PuenteError) || error.code !== 'validation_error') throw error;
      return sendPage(
        reply,
        adminPage({
          title: 'Nuevo comercio',
          operator: operatorOf(request),
          section: SECTION,
          body: html`<section class="card"><h1>Nuevo comercio</h1><p class="error" role="alert">${error.message}</p>${merchantForm(request, '/admin/merchants', settings, 'Crear comercio')}</section>`,
        }),
        400,
      );
    }
  });

  admin.get<{ Params: { code: string } }>('/merchants/:code', async (request, reply) => {
    const merchant = await merchantOr404(services, request.params.code);
    return sendPage(
      reply,
      merchantDetail(request, merchant, '', await directTransferCard(services, merchant)),
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
        merchantDetail(request, updated, html`<p class="card flash" role="status">Cambios guardados.</p>`),
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
        html`<p class="card flash" role="status">${active ? 'Comercio reactivado.' : 'Comercio suspendido: sus llamadas a la API se rechazan con 403 merchant_inactive.'}</p>`,
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
        credentialsCard(credentials, 'Nuevo token emitido: el anterior ya no funciona'),
      ),
    );
  });
}
