import type { Command } from 'commander';
import { createOperator } from '../use-cases/operators/create-operator.ts';
import { withServices } from './with-services.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: the trailing newline of `echo` or a heredoc is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerOperatorCommands(program: Command): void {
  const operator = program.command('operator').description('back-office operators');

  operator
    .command('create')
    .description('create a back-office operator (a generated password is printed once)')
    .requiredOption('--email <email>', "the operator's e-mail, used to log in")
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : undefined;
      await withServices(async (services) => {
        const { operator: created, generatedPassword } = await createOperator(services.operators, {
          email: options.email,
          password,
        });
        console.log(`Operator ${created.email} created. Log in at ${services.config.PUENTE_API_URL}/admin`);
        if (generatedPassword) {
          console.log(`  password: ${generatedPassword}\nIt is shown only now and is not stored in clear.`);
        }
      });
    });
}
