import { resolve } from 'node:path';
import { startBankSimulator } from '../bank-simulator/server.ts';
import { openServices, retentionPolicy, startWebhookWorker } from '../composition.ts';
import { loadConfig } from '../config.ts';
import { demoShopOrigin, demoShopSettings, demoShopUrl, startDemoShop } from '../demo-shop/start.ts';
import { buildApp } from '../http/app.ts';
import { funnelDeps } from '../http/funnel/funnel-request.ts';
import { ensureDemoMerchant } from '../use-cases/demo-merchant.ts';
import { startFunnelSweeper } from '../use-cases/funnel/funnel-sweep.ts';
import { issueSetupLink } from '../use-cases/operators/first-operator-setup.ts';
import { startRetention } from '../use-cases/retention.ts';

/** `puente serve` (`npm start`): the gateway, and in sandbox a demo merchant to try it with. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const services = await openServices(config);
  const app = await buildApp(services);
  // No operator yet: a one-time link creates the first one in the browser, while the gateway runs. Every
  // start replaces the previous link; once an operator exists none is made (and any left is removed).
  const setupLink =
    config.PUENTE_SETUP_LINK_MINUTES > 0
      ? await issueSetupLink(services, config.PUENTE_SETUP_LINK_MINUTES)
      : null;
  const noOperator = setupLink !== null || (await services.operators.count()) === 0;
  const shopSettings = demoShopSettings();
  let shop: Awaited<ReturnType<typeof startDemoShop>> | null = null;
  // In sandbox the banks are the simulator: run it here, on its own port, unless it runs elsewhere.
  const bankSimulator =
    config.PUENTE_ENV === 'sandbox' && config.PUENTE_BANK_SIM_EMBEDDED === 'true'
      ? await startBankSimulator({
          port: config.PUENTE_BANK_SIM_PORT,
          host: config.PUENTE_BANK_SIM_HOST,
          appApprovalDelayMs: config.PUENTE_BANK_SIM_APPROVAL_DELAY_MS,
          pendingConfirmationDelayMs: config.PUENTE_BANK_SIM_PENDING_DELAY_MS,
        })
      : null;

  // Finishes transfers left without an answer (also by a crash of this or another instance) and expires
  // abandoned sessions: now, then periodically.
  const stopSweeper =
    config.PUENTE_FUNNEL_SWEEP_SECONDS > 0
      ? startFunnelSweeper(funnelDeps(services), config.PUENTE_FUNNEL_SWEEP_SECONDS, (error) =>
          app.log.error({ err: error }, 'funnel sweep failed'),
        )
      : async () => {};
  let stopWebhookWorker = async () => {};
  // Prunes login attempts, operator sessions, old webhook attempts and finished funnels' scratch; every
  // instance may run it (deleting a row twice is not possible).
  const stopRetention =
    config.PUENTE_RETENTION_INTERVAL_MINUTES > 0
      ? startRetention(
          services.retention,
          retentionPolicy(config),
          config.PUENTE_RETENTION_INTERVAL_MINUTES,
          {
            onPruned: (pruned) => app.log.info({ pruned }, 'retention'),
            onError: (error) => app.log.error({ err: error }, 'retention failed'),
          },
        )
      : async () => {};

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    // Drain: stop taking work, let requests and webhook attempts in flight finish, close the database; a
    // drain that outlives the deadline ends the process anyway, with a non-zero code the supervisor sees.
    const deadline = setTimeout(() => {
      app.log.error({ seconds: config.PUENTE_SHUTDOWN_SECONDS }, 'shutdown deadline passed; exiting');
      process.exit(1);
    }, config.PUENTE_SHUTDOWN_SECONDS * 1000);
    deadline.unref();
    try {
      await stopSweeper();
      await stopRetention();
      await shop?.app.close();
      await app.close();
      await stopWebhookWorker();
      await bankSimulator?.close();
      await services.close();
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  if (config.PUENTE_WEBHOOK_WORKER === 'true') {
    stopWebhookWorker = await startWebhookWorker(services, (level, message, details) =>
      app.log[level](details ?? {}, message),
    );
  }

  const lines = [
    '',
    `Puente is running (${config.PUENTE_ENV}, ${services.db.kind === 'pglite' ? `embedded database in ${resolve(config.PUENTE_DATA_DIR)}` : 'PostgreSQL'}).`,
    `  api_url:  ${config.PUENTE_API_URL}`,
    `  pmt_url:  ${config.PUENTE_PAYMENT_URL}`,
    `  API reference: ${config.PUENTE_API_URL}/docs`,
    `  back-office:   ${config.PUENTE_API_URL}/admin${noOperator && !setupLink ? ' (no operator yet: npm run puente -- operator create --email you@example.cl)' : ''}`,
  ];
  if (bankSimulator) {
    lines.push(`  bank simulator: ${bankSimulator.url} (test payers: docs/sandbox.md)`);
  }
  if (setupLink) {
    lines.push(
      '',
      `No operator yet. Create the first one in the browser (link valid ${config.PUENTE_SETUP_LINK_MINUTES} minutes, once; a new start prints a new one):`,
      `  ${config.PUENTE_API_URL}/admin/setup?token=${setupLink.token}`,
    );
  }
  if (config.PUENTE_ENV === 'sandbox' && config.PUENTE_DEMO_MERCHANT === 'true') {
    const demo = await ensureDemoMerchant(services, {
      dataDir: config.PUENTE_DATA_DIR,
      publicUrl: config.PUENTE_API_URL,
      amountLimit: config.PUENTE_DEFAULT_AMOUNT_LIMIT,
      // The demo shop opens payments in the widget too: its page must be allowed to frame the funnel.
      frameOrigin: shopSettings.PUENTE_DEMO_SHOP === 'true' ? demoShopOrigin(shopSettings) : null,
    });
    if (demo) {
      const { merchant, apiToken } = demo.credentials;
      lines.push(
        '',
        `Demo merchant "${merchant.name}" (sandbox)${demo.created ? ', created now' : ''}:`,
        `  merchant_code:      ${merchant.code}`,
        `  merchant_api_token: ${apiToken}`,
        '',
        'Try it:',
        `  curl -s ${config.PUENTE_API_URL}/session/initialize -d '{"merchant_code":"${merchant.code}","merchant_api_token":"${apiToken}","merchant_order_id":"OC-1","order_amount":50000}'`,
      );
      // The demo shop: a separate merchant site in this process, talking to the gateway over HTTP. It is a
      // convenience: if its port is taken, the gateway runs on without it.
      if (shopSettings.PUENTE_DEMO_SHOP === 'true') {
        try {
          shop = await startDemoShop({
            apiUrl: config.PUENTE_API_URL,
            paymentUrl: config.PUENTE_PAYMENT_URL,
            merchantCode: merchant.code,
            apiToken,
            port: shopSettings.PUENTE_DEMO_SHOP_PORT,
            host: config.HOST,
            publicUrl: demoShopUrl(shopSettings),
            dataDir: config.PUENTE_DATA_DIR,
            environment: 'sandbox',
          });
          lines.push('', `Demo shop (pays with the demo merchant): ${shop.url}`);
        } catch (error) {
          lines.push('', `Demo shop not started: ${(error as Error).message} (set PUENTE_DEMO_SHOP_PORT)`);
        }
      }
    }
  }
  console.log(lines.join('\n'));
}
