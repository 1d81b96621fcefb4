import { describe, expect, it } from 'vitest';
import { paymentResultOf } from '../../src/adapters/banks/open-finance/uk-open-banking-v31.ts';

const payment = (Status: string, StatusReason?: string) => ({
  Data: {
    DomesticPaymentId: 'pdp-1',
    Status,
    Reference: 'TST-00000001',
    ...(StatusReason ? { StatusDetail: { StatusReason } } : {}),
  },
});

describe('UK Open Banking v3.1 payment statuses', () => {
  it.each([
    ['AcceptedSettlementCompleted', { status: 'completed', bankReference: 'TST-00000001' }],
    ['AcceptedCreditSettlementCompleted', { status: 'completed', bankReference: 'TST-00000001' }],
    ['Pending', { status: 'pending', bankReference: 'TST-00000001' }],
    ['AcceptedSettlementInProcess', { status: 'pending', bankReference: 'TST-00000001' }],
    ['AcceptedWithoutPosting', { status: 'pending', bankReference: 'TST-00000001' }],
    ['Rejected', { status: 'rejected', reason: 'rejected' }],
    // Unknown to this profile: asked again later, never success.
    ['AcceptedTechnicalValidation', { status: 'pending', bankReference: 'TST-00000001' }],
    ['', { status: 'pending', bankReference: 'TST-00000001' }],
  ])('%s', (status, expected) => {
    expect(paymentResultOf(payment(status))).toEqual(expected);
  });

  it.each([
    ['AM04', 'insufficient_funds'],
    ['AM14', 'over_daily_limit'],
    ['AM02', 'over_daily_limit'],
    ['AC06', 'account_blocked'],
    ['XX99', 'rejected'],
  ])('Rejected %s → %s', (reason, expected) => {
    expect(paymentResultOf(payment('Rejected', reason))).toEqual({ status: 'rejected', reason: expected });
  });
});
