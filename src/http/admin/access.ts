import { type OperatorPermission, type OperatorRole, roleAllows } from '../../domain/operator-role.ts';
import type { OperatorSession } from '../../ports/operator-store.ts';

/** Where an operator goes when its session still owes the second factor. */
export const SECOND_FACTOR_PATH = '/admin/login/second-factor';
export const ENROLMENT_PATH = '/admin/security';

/**
 * What a back-office route changes, by `METHOD /admin/url` as registered: the one table of who may do what
 * (roles in src/domain/operator-role.ts). Reading pages is for every role. A change not listed here is for
 * admins only, so a form added tomorrow is closed until someone decides who may use it.
 */
const ROUTE_PERMISSIONS: Record<string, OperatorPermission | 'any operator'> = {
  'POST /admin/logout': 'any operator',
  'POST /admin/login/second-factor': 'any operator',
  'POST /admin/security/enrol': 'any operator',
  'POST /admin/deliveries/resend': 'webhooks.resend',
  'POST /admin/payments/:token/review': 'payments.review',
  'GET /admin/merchants/new': 'merchants.manage',
  'POST /admin/merchants': 'merchants.manage',
  'POST /admin/merchants/:code': 'merchants.manage',
  'POST /admin/merchants/:code/status': 'merchants.manage',
  'POST /admin/merchants/:code/rotate-token': 'merchants.manage',
  'GET /admin/operators': 'operators.manage',
  'POST /admin/operators/role': 'operators.manage',
  'POST /admin/operators/reset-second-factor': 'operators.manage',
};

/** Whether the role may use the route (`url` as registered, with its `:params`). */
export function roleMayUse(role: OperatorRole, method: string, url: string): boolean {
  const permission = ROUTE_PERMISSIONS[`${method} ${url}`];
  if (permission === 'any operator') return true;
  if (permission) return roleAllows(role, permission);
  return method === 'GET' || method === 'HEAD' || role === 'admin';
}

/** Whether the operator of the page may do this (a form it may not use is not shown). */
export function operatorMay(operator: OperatorSession, permission: OperatorPermission): boolean {
  return roleAllows(operator.role, permission);
}

/**
 * What a session must do before the back-office serves it: give its code (`verify`), or, in production,
 * enrol a second factor first (`enrol`); null when nothing is owed.
 */
export function stepOwed(session: OperatorSession, production: boolean): 'verify' | 'enrol' | null {
  if (session.secondFactor === 'pending') return 'verify';
  if (session.secondFactor === 'none' && production) return 'enrol';
  return null;
}

/** The routes a session may reach while it owes a step (and logging out, always). */
const ROUTES_OF_STEP: Record<'verify' | 'enrol', readonly string[]> = {
  verify: [`GET ${SECOND_FACTOR_PATH}`, `POST ${SECOND_FACTOR_PATH}`, 'POST /admin/logout'],
  enrol: [`GET ${ENROLMENT_PATH}`, 'POST /admin/security/enrol', 'POST /admin/logout'],
};

export function routeOpenAtStep(step: 'verify' | 'enrol', method: string, url: string): boolean {
  return ROUTES_OF_STEP[step].includes(`${method === 'HEAD' ? 'GET' : method} ${url}`);
}

export const STEP_PAGE: Record<'verify' | 'enrol', string> = {
  verify: SECOND_FACTOR_PATH,
  enrol: ENROLMENT_PATH,
};
