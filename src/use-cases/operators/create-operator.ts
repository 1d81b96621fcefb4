import { PuenteError, validationError } from '../../domain/errors.ts';
import type { OperatorRole } from '../../domain/operator-role.ts';
import type { Credentials } from '../../ports/credentials.ts';
import type { Operator, OperatorStore } from '../../ports/operator-store.ts';

export const MIN_PASSWORD_LENGTH = 12;

/** What operator accounts and their sessions need: the operators, and where secrets are made and checked. */
export interface OperatorDeps {
  operators: OperatorStore;
  credentials: Credentials;
}

export function normaliseEmail(text: string): string {
  return text.trim().toLowerCase();
}

/** An operator's e-mail as stored (trimmed, lower case), or a validation error. */
export function operatorEmail(text: string): string {
  const email = normaliseEmail(text);
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254)
    throw validationError('email', 'must be an e-mail');
  return email;
}

/** The one password rule for operators, wherever the password comes from (CLI, setup link). */
export function checkOperatorPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw validationError('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

/**
 * Creates an operator; without a password one is generated, returned once and never stored in clear.
 * Without a role, the first operator of a deployment is an admin (someone must manage the others) and any
 * later one a viewer (the least role, raised by an admin).
 */
export async function createOperator(
  { operators, credentials }: OperatorDeps,
  input: { email: string; password?: string; role?: OperatorRole; via?: string },
): Promise<{ operator: Operator; generatedPassword: string | null }> {
  const email = operatorEmail(input.email);
  const generatedPassword = input.password === undefined ? credentials.newToken(24) : null;
  const password = input.password ?? generatedPassword ?? '';
  checkOperatorPassword(password);
  if (await operators.findByEmail(email)) {
    throw new PuenteError('validation_error', `an operator with the e-mail ${email} already exists`, 'email');
  }
  const role = input.role ?? ((await operators.count()) === 0 ? 'admin' : 'viewer');
  const operator = await operators.create(email, await credentials.hashPassword(password), role);
  await operators.audit({
    operatorId: null,
    operatorEmail: null,
    action: 'operator.create',
    target: email,
    details: { via: input.via ?? 'cli', role },
  });
  return { operator, generatedPassword };
}
