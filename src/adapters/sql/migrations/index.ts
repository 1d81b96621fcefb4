import type { Migration } from '../migration.ts';
import * as merchantsAndSessions from './001-merchants-and-sessions.ts';
import * as paymentFunnel from './002-payment-funnel.ts';
import * as webhookDeliveries from './003-webhook-deliveries.ts';
import * as operatorsAndBackOffice from './004-operators-and-back-office.ts';
import * as funnelVersion from './005-funnel-version.ts';
import * as orderPolicy from './006-order-policy.ts';
import * as widgetOrigin from './007-widget-origin.ts';
import * as bankLoginThrottle from './009-bank-login-throttle.ts';
import * as needsReview from './010-needs-review.ts';
import * as apiRateBuckets from './011-api-rate-buckets.ts';
import * as operatorMfaAndRoles from './012-operator-mfa-and-roles.ts';
import * as directTransfer from './013-direct-transfer.ts';
import * as operatorSetupToken from './014-operator-setup-token.ts';
import * as openFinancePaymentId from './015-open-finance-payment-id.ts';
import * as hotFunnelUpdates from './016-hot-funnel-updates.ts';
import * as initiatedMovements from './017-initiated-movements.ts';
import * as sessionLookupIndexes from './018-session-lookup-indexes.ts';
import * as narrowHotIndexes from './019-narrow-hot-indexes.ts';
import * as merchantReferencesWithoutLocks from './020-merchant-references-without-locks.ts';
import * as webhookTimeIndexes from './021-webhook-time-indexes.ts';
import * as childRowKeys from './022-child-row-keys.ts';
import * as childRowPrimaryKeys from './023-child-row-primary-keys.ts';

/** Every schema change, in order. A migration, once released, is never edited: add the next one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'merchants-and-sessions', ...merchantsAndSessions },
  { version: 2, name: 'payment-funnel', ...paymentFunnel },
  { version: 3, name: 'webhook-deliveries', ...webhookDeliveries },
  { version: 4, name: 'operators-and-back-office', ...operatorsAndBackOffice },
  { version: 5, name: 'funnel-version', ...funnelVersion },
  { version: 6, name: 'order-policy', ...orderPolicy },
  { version: 7, name: 'widget-origin', ...widgetOrigin },
  { version: 9, name: 'bank-login-throttle', ...bankLoginThrottle },
  { version: 10, name: 'needs-review', ...needsReview },
  { version: 11, name: 'api-rate-buckets', ...apiRateBuckets },
  { version: 12, name: 'operator-mfa-and-roles', ...operatorMfaAndRoles },
  { version: 13, name: 'direct-transfer', ...directTransfer },
  { version: 14, name: 'operator-setup-token', ...operatorSetupToken },
  { version: 15, name: 'open-finance-payment-id', ...openFinancePaymentId },
  { version: 16, name: 'hot-funnel-updates', ...hotFunnelUpdates },
  { version: 17, name: 'initiated-movements', ...initiatedMovements },
  { version: 18, name: 'session-lookup-indexes', ...sessionLookupIndexes },
  { version: 19, name: 'narrow-hot-indexes', ...narrowHotIndexes },
  { version: 20, name: 'merchant-references-without-locks', ...merchantReferencesWithoutLocks },
  { version: 21, name: 'webhook-time-indexes', ...webhookTimeIndexes },
  { version: 22, name: 'child-row-keys', ...childRowKeys },
  { version: 23, name: 'child-row-primary-keys', ...childRowPrimaryKeys },
];
