import type { Services } from '../../composition.ts';
import type { Merchant } from '../../domain/merchant.ts';
import { formatRut } from '../../domain/rut.ts';
import { type Html, html } from '../html.ts';
import { bankLabel } from './labels.ts';
import { formatTime } from './time.ts';

const SOURCE: Record<string, string> = { api: 'API', file: 'Archivo', simulator: 'Banco de pruebas' };

/** The merchant page's direct-transfer card: its collecting account and its latest statement imports. */
export async function directTransferCard(services: Services, merchant: Merchant): Promise<Html> {
  const account = await services.directTransfers.collectingAccount(merchant.id);
  if (!account) {
    return html`<section class="card"><h2>Transferencia directa</h2><p>Sin cuenta recaudadora: no se ofrece transferencia directa. Se registra con <code>puente merchant collecting-account ${merchant.code} …</code>.</p></section>`;
  }
  const imports = await services.directTransfers.imports(merchant.id, 20);
  return html`<section class="card"><h2>Transferencia directa</h2>
<dl class="details">
<dt>Estado</dt><dd>${account.enabled ? 'Ofrecida a quienes pagan' : 'Desactivada'}</dd>
<dt>Cuenta recaudadora</dt><dd>${bankLabel(account.bankCode)} · cuenta ${account.accountType} ${account.accountNumber}</dd>
<dt>Titular</dt><dd>${account.holderName} (${formatRut(account.holderRut)})</dd>
<dt>Correo de aviso</dt><dd>${account.notificationEmail}</dd>
<dt>Plazo para transferir</dt><dd>${account.windowHours} horas</dd>
</dl>
<h3>Cartolas recibidas</h3>
${
  imports.length === 0
    ? html`<p>Aún no llegan movimientos.</p>`
    : html`<div class="table-scroll" tabindex="0" role="region" aria-label="Tabla (se desplaza a lo ancho)"><table><thead><tr><th>Fecha</th><th>Origen</th><th>Archivo</th><th class="number">Movimientos</th><th class="number">Nuevos</th><th class="number">Conciliados</th><th class="number">A revisión</th></tr></thead><tbody>${imports.map(
        (item) =>
          html`<tr><td>${formatTime(item.createdAt)}</td><td>${SOURCE[item.source] ?? item.source}</td><td>${item.fileName ? html`${item.fileName} (${item.layout ?? ''})` : '—'}</td><td class="number">${item.movements}</td><td class="number">${item.newMovements}</td><td class="number">${item.matched}</td><td class="number">${item.toReview}</td></tr>`,
      )}</tbody></table></div>`
}
</section>`;
}
