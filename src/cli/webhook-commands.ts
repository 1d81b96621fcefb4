import type { Command } from 'commander';
import { startWebhookWorker } from '../composition.ts';
import type { ResendTarget, WebhookDelivery } from '../ports/webhook-deliveries.ts';
import { resendDelivery } from '../use-cases/resend-webhook-delivery.ts';
import { withServices } from './with-services.ts';

function deliveryView(delivery: WebhookDelivery) {
  return {
    delivery_id: delivery.id,
    session_token: delivery.sessionToken,
    payment_status: delivery.paymentStatus,
    jti: delivery.jti,
    url: delivery.url,
    status: delivery.status,
    attempts: delivery.attemptCount,
    next_attempt_at: delivery.nextAttemptAt?.toISOString() ?? null,
  };
}

export function registerWebhookCommands(program: Command): void {
  const webhook = program.command('webhook').description('webhook deliveries');

  webhook
    .command('resend')
    .description(
      'send webhook deliveries again (same JWT and jti), with a fresh retry schedule, starting now. ' +
        'On the embedded database, stop the gateway first (or use the back-office).',
    )
    .argument('[delivery-id]', 'one delivery, by id')
    .option('--session <token>', 'every delivery of one payment session')
    .option('--failed', 'every failed delivery')
    .option('--json', 'print JSON')
    .action(
      async (
        deliveryId: string | undefined,
        options: { session?: string; failed?: boolean; json?: boolean },
      ) => {
        const chosen = [deliveryId !== undefined, options.session !== undefined, options.failed === true];
        if (chosen.filter(Boolean).length !== 1)
          throw new Error('name exactly one of: a delivery id, --session TOKEN, --failed');
        let target: ResendTarget;
        if (deliveryId !== undefined) {
          if (!/^\d+$/.test(deliveryId)) throw new Error('the delivery id is a number');
          target = { deliveryId: Number(deliveryId) };
        } else if (options.session !== undefined) target = { sessionToken: options.session };
        else target = { failed: true };

        await withServices(async (services) => {
          const requeued = await resendDelivery(services, target);
          if (options.json) console.log(JSON.stringify(requeued.map(deliveryView), null, 2));
          else if (requeued.length === 0) console.log('No delivery to resend.');
          else {
            console.log(`Requeued ${requeued.length} ${requeued.length === 1 ? 'delivery' : 'deliveries'}:`);
            for (const delivery of requeued)
              console.log(
                `  #${delivery.id} ${delivery.paymentStatus} → ${delivery.url} (jti ${delivery.jti})`,
              );
          }
        });
      },
    );
}

/** `puente worker`: a webhook worker alone, for running workers apart from the gateway (PostgreSQL). */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run a webhook worker without the gateway (several may run against one PostgreSQL)')
    .action(async () => {
      await withServices(async (services) => {
        const stop = await startWebhookWorker(services, (level, message, details) =>
          console[level === 'error' ? 'error' : 'log'](message, details ?? ''),
        );
        console.log(`Webhook worker running (${services.db.kind}). Ctrl-C stops it.`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await stop();
      });
    });
}
