/**
 * What each back-office role may do. Every role reads every page; the actions below are the changes, and a
 * role may do its own and those of the roles under it.
 *
 * - `viewer`: reads, changes nothing.
 * - `operator`: also resends webhooks and settles payments held in review.
 * - `admin`: also creates and edits merchants, rotates their credentials, suspends and reactivates them,
 *   and manages operators (roles, second-factor resets).
 */
export const OPERATOR_ROLES = ['viewer', 'operator', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export type OperatorPermission =
  | 'webhooks.resend'
  | 'payments.review'
  | 'merchants.manage'
  | 'operators.manage';

const LEAST_ROLE: Record<OperatorPermission, OperatorRole> = {
  'webhooks.resend': 'operator',
  'payments.review': 'operator',
  'merchants.manage': 'admin',
  'operators.manage': 'admin',
};

export function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === 'string' && (OPERATOR_ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: OperatorRole, permission: OperatorPermission): boolean {
  return OPERATOR_ROLES.indexOf(role) >= OPERATOR_ROLES.indexOf(LEAST_ROLE[permission]);
}
