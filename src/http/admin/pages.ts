import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { auditLogRoute } from './routes/audit-log.ts';
import { dashboardRoute } from './routes/dashboard.ts';
import { deliveriesRoute, resendDeliveriesRoute } from './routes/deliveries.ts';
import { logoutRoute } from './routes/login.ts';
import { merchantRoutes } from './routes/merchants.ts';
import { operatorRoutes } from './routes/operators.ts';
import { paymentDetailRoute } from './routes/payment-detail.ts';
import { paymentRoutes } from './routes/payments.ts';
import { secondFactorRoutes } from './routes/second-factor.ts';

/** Every back-office page behind the operator login, at a glance (registered in the authenticated scope). */
export const ADMIN_PAGES: readonly ((admin: FastifyInstance, services: Services) => void)[] = [
  dashboardRoute,
  logoutRoute,
  merchantRoutes,
  paymentRoutes,
  paymentDetailRoute,
  deliveriesRoute,
  resendDeliveriesRoute,
  auditLogRoute,
  secondFactorRoutes,
  operatorRoutes,
];
