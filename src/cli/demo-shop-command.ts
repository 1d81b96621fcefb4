import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { demoShopSettings, startDemoShop } from '../demo-shop/start.ts';

/** The demo merchant's credentials as `npm start` saved them in the data folder (sandbox only). */
function savedDemoCredentials(dataDir: string): { merchant_code: string; merchant_api_token: string } | null {
  const path = join(dataDir, 'demo-merchant.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

/**
 * `puente demo-shop`: the demo shop on its own, talking to a gateway that is already running (over HTTP,
 * like any merchant; it never opens the gateway's database).
 */
export function registerDemoShopCommand(program: Command): void {
  program
    .command('demo-shop')
    .description('run the demo shop against a running gateway (sandbox)')
    .option('--port <port>', 'port to listen on (PUENTE_DEMO_SHOP_PORT, default 8082)')
    .option('--public-url <url>', 'where browsers and the gateway reach the shop (PUENTE_DEMO_SHOP_URL)')
    .option('--merchant-code <code>', 'merchant code (default: the demo merchant saved in the data folder)')
    .option('--api-token <token>', 'merchant API token (PUENTE_DEMO_MERCHANT_API_TOKEN)')
    .action(
      async (options: { port?: string; publicUrl?: string; merchantCode?: string; apiToken?: string }) => {
        const config = loadConfig();
        const settings = demoShopSettings(
          options.port ? { ...process.env, PUENTE_DEMO_SHOP_PORT: options.port } : process.env,
        );
        const saved = savedDemoCredentials(config.PUENTE_DATA_DIR);
        const merchantCode =
          options.merchantCode ?? process.env.PUENTE_DEMO_MERCHANT_CODE ?? saved?.merchant_code;
        const apiToken =
          options.apiToken ?? process.env.PUENTE_DEMO_MERCHANT_API_TOKEN ?? saved?.merchant_api_token;
        if (!merchantCode || !apiToken) {
          throw new Error(
            'no merchant credentials: run `npm start` once (it creates the demo merchant), or pass --merchant-code and --api-token',
          );
        }
        const publicUrl = options.publicUrl ?? settings.PUENTE_DEMO_SHOP_URL;
        const { url } = await startDemoShop({
          apiUrl: config.PUENTE_API_URL,
          paymentUrl: config.PUENTE_PAYMENT_URL,
          merchantCode,
          apiToken,
          port: settings.PUENTE_DEMO_SHOP_PORT,
          host: config.HOST,
          ...(publicUrl ? { publicUrl } : {}),
          dataDir: config.PUENTE_DATA_DIR,
          environment: config.PUENTE_ENV,
          logger: true,
        });
        console.log(`Demo shop: ${url} (gateway ${config.PUENTE_API_URL}, merchant ${merchantCode})`);
      },
    );
}
