import { Command } from 'commander';
import { EmbeddedDatabaseBusyError } from '../adapters/sql/embedded-lock.ts';
import { retentionPolicy } from '../composition.ts';
import { ConfigError } from '../config.ts';
import { PuenteError } from '../domain/errors.ts';
import { bankSim } from './bank-sim.ts';
import { registerDemoShopCommand } from './demo-shop-command.ts';
import { registerMerchantCommands } from './merchant-commands.ts';
import { registerMovementCommands } from './movement-commands.ts';
import { registerOperatorCommands } from './operator-commands.ts';
import { serve } from './serve.ts';
import { registerWebhookCommands, registerWorkerCommand } from './webhook-commands.ts';
import { withServices } from './with-services.ts';

const program = new Command('puente')
  .description('Puente: pay-by-bank-transfer gateway for Chile')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the gateway (API, funnel, back-office, webhook worker)')
  .action(serve);

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () =>
    withServices(async (services) => {
      console.log(`Database (${services.db.kind}) is at the latest schema.`);
    }),
  );

program
  .command('prune')
  .description('prune working records past their retention period now (serve also does it every hour)')
  .action(async () =>
    withServices(async (services) => {
      const pruned = await services.retention.prune(retentionPolicy(services.config));
      console.log(JSON.stringify(pruned));
    }),
  );

program.command('bank-sim').description('run the sandbox bank simulator alone').action(bankSim);

registerMerchantCommands(program);
registerMovementCommands(program);
registerDemoShopCommand(program);
registerOperatorCommands(program);
registerWebhookCommands(program);
registerWorkerCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Expected failures (bad settings, a busy embedded database, bad input) are one clear line; anything
  // else is a bug and keeps its stack trace.
  const expected =
    error instanceof ConfigError ||
    error instanceof EmbeddedDatabaseBusyError ||
    error instanceof PuenteError;
  console.error(expected ? (error as Error).message : error);
  process.exitCode = 1;
}
