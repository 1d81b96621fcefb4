import type { Services } from '../../src/composition.ts';
import type { Merchant } from '../../src/domain/merchant.ts';
import { setCollectingAccount } from '../../src/use-cases/direct-transfer/set-collecting-account.ts';

/** The collecting account a test merchant gets for direct transfer (docs/direct-transfer.md). */
export const TEST_COLLECTING_ACCOUNT = {
  bankCode: 'cl_santander',
  accountType: 'corriente',
  accountNumber: '0071234567',
  holderName: 'Tienda de Prueba SpA',
  holderRut: '76.123.456-0',
  notificationEmail: 'pagos@shop.example',
} as const;

/** Gives the merchant `TEST_COLLECTING_ACCOUNT`, enabled: its payers are offered direct transfer. */
export function enableDirectTransfer(services: Services, merchant: Merchant): Promise<void> {
  return setCollectingAccount(services, merchant, TEST_COLLECTING_ACCOUNT);
}
