import type { Services } from '../../composition.ts';
import type { Merchant } from '../../domain/merchant.ts';
import { formatRut } from '../../domain/rut.ts';
import { type Html, html } from '../html.ts';
import { bankLabel } from './labels.ts';
import { scrollingTable } from './layout.ts';
import type { AdminMessageKey, AdminText } from './messages.ts';

const SOURCE: Record<string, AdminMessageKey> = {
  api: 'dt_source_api',
  file: 'dt_source_file',
  simulator: 'dt_source_simulator',
};

/**
 * The merchant page's direct-transfer card: its collecting account (where every payment of the merchant
 * lands) and its latest statement imports.
 */
export async function directTransferCard(
  services: Services,
  merchant: Merchant,
  text: AdminText,
): Promise<Html> {
  const { t } = text;
  const account = await services.directTransfers.collectingAccount(merchant.id);
  if (!account) {
    return html`<section class="card"><h2>${t('dt_title')}</h2><p>${text.rich('dt_no_account', { command: html`<code>puente merchant collecting-account ${merchant.code} …</code>` })}</p>
<p${merchant.environment === 'production' ? html` role="alert"` : ''}>${t(merchant.environment === 'production' ? 'dt_no_account_production' : 'dt_no_account_sandbox')}</p></section>`;
  }
  const imports = await services.directTransfers.imports(merchant.id, 20);
  const source = (name: string) => {
    const key = SOURCE[name];
    return key ? t(key) : name;
  };
  return html`<section class="card"><h2>${t('dt_title')}</h2>
<dl class="details">
<dt>${t('dt_state')}</dt><dd>${account.enabled ? t('dt_offered') : t('dt_disabled')}</dd>
<dt>${t('dt_account')}</dt><dd>${t('dt_account_value', { bank: bankLabel(account.bankCode), type: account.accountType, number: account.accountNumber })}</dd>
<dt>${t('dt_holder')}</dt><dd>${account.holderName} (${formatRut(account.holderRut)})</dd>
<dt>${t('dt_email')}</dt><dd>${account.notificationEmail}</dd>
<dt>${t('dt_window')}</dt><dd>${t('dt_window_hours', { hours: account.windowHours })}</dd>
</dl>
<p>${t('dt_initiated_note')}</p>
<h3>${t('dt_imports')}</h3>
${
  imports.length === 0
    ? html`<p>${t('dt_no_imports')}</p>`
    : scrollingTable(
        text,
        html`<table><thead><tr><th>${t('dt_date')}</th><th>${t('dt_source')}</th><th>${t('dt_file')}</th><th class="number">${t('dt_movements')}</th><th class="number">${t('dt_new')}</th><th class="number">${t('dt_matched')}</th><th class="number">${t('dt_to_review')}</th><th class="number">${t('dt_initiated')}</th></tr></thead><tbody>${imports.map(
          (item) =>
            html`<tr><td class="nowrap">${text.time(item.createdAt)}</td><td>${source(item.source)}</td><td>${item.fileName ? html`${item.fileName} (${item.layout ?? ''})` : '—'}</td><td class="number">${item.movements}</td><td class="number">${item.newMovements}</td><td class="number">${item.matched}</td><td class="number">${item.toReview}</td><td class="number">${item.initiated}</td></tr>`,
        )}</tbody></table>`,
      )
}
</section>`;
}
