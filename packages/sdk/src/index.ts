export { BANKS, type Bank, type BankCode, banks, type Environment, parseBankCode } from './banks.ts';
export {
  type CreatedSession,
  type CreateSessionInput,
  type MetadataItem,
  type PaymentStatus,
  type PaymentStatusEntry,
  type PaymentStep,
  Puente,
  type PuenteOptions,
  type StatusQuery,
} from './client.ts';
export {
  InvalidNotificationError,
  type InvalidNotificationReason,
  PuenteApiError,
  PuenteNetworkError,
} from './errors.ts';
export {
  extractNotificationToken,
  type PaymentNotification,
  type SignatureTokenResolver,
  type VerifyOptions,
  verifyNotification,
} from './notification.ts';
