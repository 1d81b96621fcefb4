import type { Environment } from '../domain/banks.ts';
import { PuenteError, validationError } from '../domain/errors.ts';
import type { Merchant, MerchantSettings } from '../domain/merchant.ts';
import type { Credentials } from '../ports/credentials.ts';
import type { MerchantStore } from '../ports/merchant-store.ts';

/** A merchant with the API token it was just given: the only moment the token exists in clear. */
export interface MerchantCredentials {
  merchant: Merchant;
  apiToken: string;
}

/** What issuing merchant credentials needs: the merchants, and where tokens are made and hashed. */
export interface MerchantCredentialsDeps {
  merchants: MerchantStore;
  credentials: Credentials;
}

const CODE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function newMerchantCode(credentials: Credentials, environment: Environment): string {
  return `${environment === 'sandbox' ? 'sbx' : 'live'}_${credentials.newToken(16, CODE_ALPHABET)}`;
}

export function checkMerchantSettings(settings: Partial<MerchantSettings>): void {
  if (settings.name !== undefined && (settings.name.trim().length === 0 || settings.name.length > 100)) {
    throw validationError('name', 'must be 1 to 100 characters');
  }
  if (
    settings.amountLimit !== undefined &&
    (!Number.isSafeInteger(settings.amountLimit) || settings.amountLimit < 1)
  ) {
    throw validationError('amount_limit', 'must be a whole number of pesos, 1 or more');
  }
  for (const [name, url] of [
    ['completed_url', settings.completedUrl],
    ['cancellation_url', settings.cancellationUrl],
    ['webhook_url', settings.webhookUrl],
  ] as const) {
    if (url === undefined || url === null) continue;
    if (!/^https?:\/\/[^\s/]+/.test(url) || !URL.canParse(url))
      throw validationError(name, 'must be an http(s) URL');
    if (settings.environment === 'production' && !url.startsWith('https://')) {
      throw validationError(name, 'must be an https:// URL for a production merchant');
    }
  }
  for (const origin of settings.frameOrigins ?? []) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      throw validationError('frame_origins', `${origin} is not an origin`);
  }
}

/** A new merchant's settings; the order policy defaults to several payments per order (DESIGN §2.1). */
export type NewMerchantSettings = Omit<MerchantSettings, 'onePaymentPerOrder'> &
  Partial<Pick<MerchantSettings, 'onePaymentPerOrder'>>;

export async function createMerchant(
  { merchants, credentials }: MerchantCredentialsDeps,
  settings: NewMerchantSettings,
): Promise<MerchantCredentials> {
  checkMerchantSettings(settings);
  const apiToken = credentials.newToken(64);
  const merchant = await merchants.create({
    ...settings,
    onePaymentPerOrder: settings.onePaymentPerOrder ?? false,
    name: settings.name.trim(),
    code: newMerchantCode(credentials, settings.environment),
    apiTokenHash: credentials.hashToken(apiToken),
  });
  return { merchant, apiToken };
}

export async function updateMerchant(
  merchants: MerchantStore,
  code: string,
  changes: Partial<MerchantSettings>,
): Promise<Merchant> {
  const current = await merchants.findByCode(code);
  if (!current) throw new PuenteError('not_found', `no merchant has the code ${code}`);
  checkMerchantSettings({ ...current, ...changes });
  const updated = await merchants.update(code, changes);
  if (!updated) throw new PuenteError('not_found', `no merchant has the code ${code}`);
  return updated;
}

/** Issues a new API token; the previous one stops working at once. */
export async function rotateMerchantToken(
  { merchants, credentials }: MerchantCredentialsDeps,
  code: string,
): Promise<MerchantCredentials> {
  const apiToken = credentials.newToken(64);
  const merchant = await merchants.replaceTokenHash(code, credentials.hashToken(apiToken));
  if (!merchant) throw new PuenteError('not_found', `no merchant has the code ${code}`);
  return { merchant, apiToken };
}
