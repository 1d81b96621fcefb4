import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMerchant,
  type MerchantCredentials,
  type MerchantCredentialsDeps,
} from './manage-merchants.ts';

/**
 * A sandbox deployment with no merchant yet gets a demo merchant on its first start, so a developer can
 * call the API at once. Its credentials are kept in the data folder (sandbox only) so every start can print
 * them again; they are printed only while they still work.
 */
export async function ensureDemoMerchant(
  deps: MerchantCredentialsDeps,
  options: {
    dataDir: string;
    publicUrl: string;
    amountLimit: number;
    /**
     * The demo shop's origin, registered as a frame origin so its widget can open payments. A demo
     * merchant made before the widget existed gets it on its next start.
     */
    frameOrigin?: string | null;
  },
): Promise<{ credentials: MerchantCredentials; created: boolean } | null> {
  const frameOrigins = options.frameOrigin ? [options.frameOrigin] : [];
  const path = join(options.dataDir, 'demo-merchant.json');
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as {
      merchant_code: string;
      merchant_api_token: string;
    };
    const merchant = await deps.merchants.findByTokenHash(
      deps.credentials.hashToken(saved.merchant_api_token),
    );
    if (merchant && merchant.code === saved.merchant_code) {
      const missing = frameOrigins.filter((origin) => !merchant.frameOrigins.includes(origin));
      const current =
        missing.length > 0
          ? ((await deps.merchants.update(merchant.code, {
              frameOrigins: [...merchant.frameOrigins, ...missing],
            })) ?? merchant)
          : merchant;
      return { credentials: { merchant: current, apiToken: saved.merchant_api_token }, created: false };
    }
  }
  if ((await deps.merchants.list()).length > 0) return null;
  const credentials = await createMerchant(deps, {
    name: 'Tienda Demo',
    environment: 'sandbox',
    completedUrl: null,
    cancellationUrl: null,
    webhookUrl: null,
    frameOrigins,
    amountLimit: options.amountLimit,
    // The demo shop sells one order per cart: a paid order must never be paid again.
    onePaymentPerOrder: true,
    active: true,
  });
  writeFileSync(
    path,
    JSON.stringify(
      { merchant_code: credentials.merchant.code, merchant_api_token: credentials.apiToken },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  return { credentials, created: true };
}
