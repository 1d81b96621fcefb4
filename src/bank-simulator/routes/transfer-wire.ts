import type { TransferRecord } from '../bank-transfers.ts';

/** A transfer as the simulator's wire shows it. */
export function transferToWire(record: TransferRecord) {
  return {
    idempotency_key: record.idempotencyKey,
    reference: record.reference,
    status: record.status,
    reason: record.reason,
    amount: record.amount,
    account_id: record.accountId,
    recipient_account: record.recipient.account,
    created_at: record.createdAt.toISOString(),
  };
}
