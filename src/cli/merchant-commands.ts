import { userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import type { Services } from '../composition.ts';
import type { Environment } from '../domain/banks.ts';
import { PuenteError } from '../domain/errors.ts';
import type { Merchant, MerchantSettings } from '../domain/merchant.ts';
import { createMerchant, rotateMerchantToken, updateMerchant } from '../use-cases/manage-merchants.ts';
import { withServices } from './with-services.ts';

export function merchantView(merchant: Merchant) {
  return {
    merchant_code: merchant.code,
    name: merchant.name,
    environment: merchant.environment,
    completed_url: merchant.completedUrl,
    cancellation_url: merchant.cancellationUrl,
    webhook_url: merchant.webhookUrl,
    frame_origins: merchant.frameOrigins,
    amount_limit: merchant.amountLimit,
    one_payment_per_order: merchant.onePaymentPerOrder,
    active: merchant.active,
    created_at: merchant.createdAt.toISOString(),
  };
}

function environment(text: string): Environment {
  if (text !== 'sandbox' && text !== 'production')
    throw new InvalidArgumentError('must be sandbox or production');
  return text;
}

function wholePesos(text: string): number {
  const amount = Number(text);
  if (!Number.isSafeInteger(amount) || amount < 1)
    throw new InvalidArgumentError('must be a whole number of pesos');
  return amount;
}

function origins(text: string): string[] {
  return text
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** `--completed-url ""` clears a default URL; an absent option leaves it as it is. */
function clearable(text: string | undefined): string | null | undefined {
  return text === '' ? null : text;
}

function print(json: boolean, value: Record<string, unknown>, text: string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text);
}

export function registerMerchantCommands(program: Command): void {
  const merchant = program.command('merchant').description('create and manage merchants');

  merchant
    .command('create')
    .description('create a merchant and print its credentials (the API token is shown only now)')
    .requiredOption('--name <name>', 'name shown to payers')
    .option('--env <environment>', 'sandbox or production', environment, 'sandbox' as Environment)
    .option('--completed-url <url>', 'default success redirect URL')
    .option('--cancellation-url <url>', 'default cancel/error redirect URL')
    .option('--webhook-url <url>', 'default webhook URL')
    .option('--frame-origins <origins>', 'comma-separated origins allowed to frame the funnel', origins)
    .option('--amount-limit <pesos>', 'largest order amount accepted', wholePesos)
    .option(
      '--one-payment-per-order',
      'pay each merchant_order_id at most once (default: an order id may be paid several times)',
    )
    .option('--json', 'print JSON')
    .action(async (options) =>
      withServices(async (services) => {
        const settings: MerchantSettings = {
          name: options.name,
          environment: options.env,
          completedUrl: clearable(options.completedUrl) ?? null,
          cancellationUrl: clearable(options.cancellationUrl) ?? null,
          webhookUrl: clearable(options.webhookUrl) ?? null,
          frameOrigins: options.frameOrigins ?? [],
          amountLimit: options.amountLimit ?? services.config.PUENTE_DEFAULT_AMOUNT_LIMIT,
          onePaymentPerOrder: Boolean(options.onePaymentPerOrder),
          active: true,
        };
        const { merchant: created, apiToken } = await createMerchant(services, settings);
        await auditCli(services, 'merchant.create', created.code, {
          name: created.name,
          environment: created.environment,
          one_payment_per_order: created.onePaymentPerOrder,
        });
        print(
          options.json,
          { ...merchantView(created), merchant_api_token: apiToken },
          `Merchant "${created.name}" created (${created.environment}).\n` +
            `  merchant_code:      ${created.code}\n  merchant_api_token: ${apiToken}\n` +
            'Keep the API token secret: it is not stored and cannot be shown again.',
        );
      }),
    );

  merchant
    .command('list')
    .description('list merchants')
    .option('--json', 'print JSON')
    .action(async (options) =>
      withServices(async (services) => {
        const merchants = await services.merchants.list();
        if (options.json) {
          console.log(JSON.stringify(merchants.map(merchantView), null, 2));
          return;
        }
        if (merchants.length === 0) console.log('No merchants yet: puente merchant create --name NAME');
        for (const m of merchants) {
          console.log(
            `${m.code}  ${m.environment.padEnd(10)} ${m.active ? 'active   ' : 'suspended'}  limit ${m.amountLimit}  ${m.onePaymentPerOrder ? 'one payment per order' : 'several payments per order'}  ${m.name}`,
          );
        }
      }),
    );

  merchant
    .command('update <merchant_code>')
    .description('change a merchant')
    .option('--name <name>', 'name shown to payers')
    .option('--env <environment>', 'sandbox or production', environment)
    .option('--completed-url <url>', 'default success redirect URL ("" clears it)')
    .option('--cancellation-url <url>', 'default cancel/error redirect URL ("" clears it)')
    .option('--webhook-url <url>', 'default webhook URL ("" clears it)')
    .option('--frame-origins <origins>', 'comma-separated origins allowed to frame the funnel', origins)
    .option('--amount-limit <pesos>', 'largest order amount accepted', wholePesos)
    .option('--one-payment-per-order', 'from now on, pay each merchant_order_id at most once')
    .option('--several-payments-per-order', 'from now on, let an order id be paid several times')
    .option('--suspend', 'suspend the merchant: its API calls are refused')
    .option('--activate', 'reactivate a suspended merchant')
    .option('--json', 'print JSON')
    .action(async (code: string, options) =>
      withServices(async (services) => {
        if (options.suspend && options.activate)
          throw new PuenteError('validation_error', 'give --suspend or --activate, not both');
        if (options.onePaymentPerOrder && options.severalPaymentsPerOrder)
          throw new PuenteError(
            'validation_error',
            'give --one-payment-per-order or --several-payments-per-order, not both',
          );
        const changes: Partial<MerchantSettings> = {
          name: options.name,
          environment: options.env,
          completedUrl: clearable(options.completedUrl),
          cancellationUrl: clearable(options.cancellationUrl),
          webhookUrl: clearable(options.webhookUrl),
          frameOrigins: options.frameOrigins,
          amountLimit: options.amountLimit,
          onePaymentPerOrder: options.onePaymentPerOrder
            ? true
            : options.severalPaymentsPerOrder
              ? false
              : undefined,
          active: options.suspend ? false : options.activate ? true : undefined,
        };
        const updated = await updateMerchant(services.merchants, code, changes);
        await auditCli(
          services,
          changes.active === false
            ? 'merchant.suspend'
            : changes.active === true
              ? 'merchant.activate'
              : 'merchant.update',
          updated.code,
          Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
        );
        print(options.json, merchantView(updated), `Merchant ${updated.code} updated.`);
      }),
    );

  merchant
    .command('rotate-token <merchant_code>')
    .description('issue a new API token; the old one stops working at once')
    .option('--json', 'print JSON')
    .action(async (code: string, options) =>
      withServices(async (services) => {
        const { merchant: rotated, apiToken } = await rotateMerchantToken(services, code);
        await auditCli(services, 'merchant.rotate_token', rotated.code);
        print(
          options.json,
          { merchant_code: rotated.code, merchant_api_token: apiToken },
          `New API token for ${rotated.code}:\n  merchant_api_token: ${apiToken}\nThe previous token no longer works.`,
        );
      }),
    );
}

/**
 * CLI actions on merchants go to the same audit log as the back-office's, under `cli:<system user>` (the
 * CLI has no operator login: whoever can run it on the server is accountable as that system user).
 */
export const cliActor = () => `cli:${userInfo().username}`;

async function auditCli(
  services: Services,
  action: string,
  target: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await services.operators.audit({
    operatorId: null,
    operatorEmail: cliActor(),
    action,
    target,
    details: { ...details, via: 'cli' },
  });
}
