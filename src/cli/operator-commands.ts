import type { Command } from 'commander';
import { PuenteError, validationError } from '../domain/errors.ts';
import { isOperatorRole, OPERATOR_ROLES } from '../domain/operator-role.ts';
import { createOperator, normaliseEmail } from '../use-cases/operators/create-operator.ts';
import { resetSecondFactor } from '../use-cases/operators/second-factor.ts';
import { cliActor } from './merchant-commands.ts';
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
    .option(
      '--role <role>',
      `${OPERATOR_ROLES.join(', ')} (default: admin for the first operator, viewer for the others)`,
    )
    .action(async (options: { email: string; passwordStdin?: boolean; role?: string }) => {
      if (options.role !== undefined && !isOperatorRole(options.role)) {
        throw validationError('role', `must be one of ${OPERATOR_ROLES.join(', ')}`);
      }
      const role = options.role;
      const password = options.passwordStdin ? await readStdin() : undefined;
      await withServices(async (services) => {
        const { operator: created, generatedPassword } = await createOperator(services, {
          email: options.email,
          password,
          ...(role ? { role } : {}),
        });
        console.log(
          `Operator ${created.email} (${created.role}) created. Log in at ${services.config.PUENTE_API_URL}/admin`,
        );
        if (generatedPassword) {
          console.log(`  password: ${generatedPassword}\nIt is shown only now and is not stored in clear.`);
        }
      });
    });

  operator
    .command('list')
    .description('list operators')
    .action(async () =>
      withServices(async (services) => {
        const operators = await services.operators.list();
        if (operators.length === 0)
          console.log('No operators yet: npm run puente -- operator create --email E');
        for (const o of operators) {
          console.log(
            `${o.active ? 'active  ' : 'disabled'}  ${o.role.padEnd(8)}  ${o.secondFactorEnrolled ? 'totp' : 'no-mfa'}  ${o.email}  last login ${o.lastLoginAt?.toISOString() ?? 'never'}`,
          );
        }
      }),
    );

  operator
    .command('reset-mfa')
    .description("remove an operator's second factor (lost phone): its sessions end and it enrols again")
    .argument('<email>', "the operator's e-mail")
    .action(async (email: string) =>
      withServices(async (services) => {
        const done = await resetSecondFactor(services, email, {
          operatorId: null,
          operatorEmail: cliActor(),
          via: 'cli',
        });
        if (!done) throw new PuenteError('not_found', `no operator has the e-mail ${normaliseEmail(email)}`);
        console.log(`Second factor of ${normaliseEmail(email)} removed; it enrols again at its next login.`);
      }),
    );

  for (const [name, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    operator
      .command(name)
      .description(active ? 'let an operator log in again' : 'stop an operator: its sessions end at once')
      .requiredOption('--email <email>', "the operator's e-mail")
      .action(async (options: { email: string }) =>
        withServices(async (services) => {
          const email = normaliseEmail(options.email);
          if (!(await services.operators.setActive(email, active))) {
            throw new PuenteError('not_found', `no operator has the e-mail ${email}`);
          }
          await services.operators.audit({
            operatorId: null,
            operatorEmail: null,
            action: active ? 'operator.enable' : 'operator.disable',
            target: email,
            details: { via: 'cli' },
          });
          console.log(`Operator ${email} ${active ? 'enabled' : 'disabled'}.`);
        }),
      );
  }
}
