import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { STATEMENT_LAYOUTS } from '../adapters/statements/layouts.ts';
import {
  MAX_STATEMENT_BYTES,
  readStatementFile,
  StatementFileError,
} from '../adapters/statements/statement-file.ts';
import type { Services } from '../composition.ts';
import type { Movement } from '../domain/direct-transfer.ts';
import { PuenteError } from '../domain/errors.ts';
import type { Merchant } from '../domain/merchant.ts';
import { directTransferDeps } from '../http/funnel/funnel-request.ts';
import type { MovementSource } from '../ports/direct-transfer-store.ts';
import { ingestMovements } from '../use-cases/direct-transfer/ingest-movements.ts';
import { setCollectingAccount } from '../use-cases/direct-transfer/set-collecting-account.ts';
import { withServices } from './with-services.ts';

async function merchantByCode(services: Services, code: string): Promise<Merchant> {
  const merchant = await services.merchants.findByCode(code);
  if (!merchant) throw new PuenteError('not_found', `no merchant with code ${code}`);
  return merchant;
}

function hours(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 720)
    throw new InvalidArgumentError('must be 1 to 720 hours');
  return value;
}

/** `puente movements import`: a statement file into the merchant's movements (docs/direct-transfer.md). */
export function registerMovementCommands(program: Command): void {
  const movements = program.command('movements').description('statement movements of direct transfers');
  movements
    .command('import')
    .description('import a statement file (CSV or XLSX); a movement already imported is skipped')
    .requiredOption('--merchant <code>', 'merchant whose collecting account the statement is of')
    .option('--layout <name>', `column layout: ${Object.keys(STATEMENT_LAYOUTS).join(', ')}`, 'generic')
    .argument('<file>', 'the statement file')
    .action(async (file: string, options: { merchant: string; layout: string }) => {
      // The file is read and checked before the database is opened: a bad file changes nothing.
      const statement = await readStatement(file, options.layout);
      await withServices(async (services) => {
        const summary = await importStatement(services, options.merchant, statement);
        console.log(JSON.stringify(summary));
      });
    });
}

export interface ReadStatement {
  movements: Movement[];
  source: MovementSource;
}

/**
 * Reads a statement file as `layoutName` lays it out, refusing it (one clear `validation_error`, nothing
 * stored) when it is over the size limit (checked on the file system, before reading), or unreadable.
 */
export async function readStatement(file: string, layoutName: string): Promise<ReadStatement> {
  const layout = STATEMENT_LAYOUTS[layoutName];
  if (!layout) {
    throw new PuenteError(
      'validation_error',
      `no layout "${layoutName}"; known: ${Object.keys(STATEMENT_LAYOUTS).join(', ')}`,
    );
  }
  const size = (await stat(file)).size;
  if (size > MAX_STATEMENT_BYTES) {
    throw new PuenteError(
      'validation_error',
      `${file}: the file is ${(size / 1024 / 1024).toFixed(1)} MB; statement files are limited to ${MAX_STATEMENT_BYTES / 1024 / 1024} MB: export a shorter period. Nothing was imported.`,
    );
  }
  const bytes = await readFile(file);
  try {
    return {
      movements: await readStatementFile(file, bytes, layout),
      source: {
        kind: 'file',
        fileName: basename(file),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        layout: layout.name,
      },
    };
  } catch (error) {
    if (error instanceof StatementFileError) {
      throw new PuenteError('validation_error', `${file}: ${error.message}. Nothing was imported.`);
    }
    throw error;
  }
}

/** Ingests a read statement for the merchant `merchantCode`; the counts printed by the command. */
export async function importStatement(services: Services, merchantCode: string, statement: ReadStatement) {
  const merchant = await merchantByCode(services, merchantCode);
  const summary = await ingestMovements(
    directTransferDeps(services),
    merchant.id,
    statement.movements,
    statement.source,
  );
  return {
    movements: summary.received,
    new: summary.fresh,
    matched: summary.matched,
    to_review: summary.toReview,
    initiated: summary.initiated,
    unmatched: summary.unmatched,
  };
}

/** `puente merchant collecting-account CODE …`: where the merchant collects direct transfers. */
export function registerCollectingAccountCommand(merchant: Command): void {
  merchant
    .command('collecting-account')
    .description(
      'register the account that receives all the merchant’s payments (direct transfers too), and enable direct transfer',
    )
    .argument('<code>', 'merchant code')
    .requiredOption('--bank <code>', 'bank code, e.g. cl_bci')
    .requiredOption('--type <type>', 'corriente, vista, ahorro or rut')
    .requiredOption('--number <number>', 'account number')
    .requiredOption('--holder <name>', 'account holder name')
    .requiredOption('--holder-rut <rut>', 'account holder RUT')
    .requiredOption('--email <email>', 'e-mail for the transfer notice')
    .option('--window-hours <hours>', 'how long a direct transfer stays open (default 48)', hours)
    .option('--disable', 'keep the account (payments still land there) but stop offering direct transfer')
    .action(async (code: string, options) =>
      withServices(async (services) => {
        const merchant = await merchantByCode(services, code);
        await setCollectingAccount(services, merchant, {
          bankCode: options.bank,
          accountType: options.type,
          accountNumber: options.number,
          holderName: options.holder,
          holderRut: options.holderRut,
          notificationEmail: options.email,
          enabled: !options.disable,
          ...(options.windowHours ? { windowHours: options.windowHours } : {}),
        });
        console.log(`Direct transfer ${options.disable ? 'disabled' : 'enabled'} for ${code}.`);
      }),
    );
}
