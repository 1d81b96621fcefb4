import { describe, expect, it } from 'vitest';
import {
  FUNNEL_EVENTS,
  FUNNEL_STATES,
  type FunnelEvent,
  type FunnelState,
  isFinalState,
  statusOf,
  stepAfter,
  transition,
} from '../../src/domain/payment-state-machine.ts';

/** Written out by hand, independently of the table: every allowed (state, event) pair and where it leads. */
const ALLOWED: Record<string, FunnelState> = {
  'choosing_bank/choose_bank': 'logging_in',
  'attempt_failed/choose_bank': 'logging_in',
  'logging_in/change_bank': 'choosing_bank',
  'second_factor/change_bank': 'choosing_bank',
  'choosing_account/change_bank': 'choosing_bank',
  'confirming/change_bank': 'choosing_bank',
  'choosing_bank/choose_open_finance_bank': 'leaving_for_bank',
  'attempt_failed/choose_open_finance_bank': 'leaving_for_bank',
  'leaving_for_bank/authorization_started': 'authorizing_at_bank',
  'authorizing_at_bank/authorization_started': 'authorizing_at_bank',
  'authorizing_at_bank/returned_from_bank': 'returned_from_bank',
  'returned_from_bank/transfer_submitted': 'transferring',
  'leaving_for_bank/attempt_failed': 'attempt_failed',
  'authorizing_at_bank/attempt_failed': 'attempt_failed',
  'returned_from_bank/attempt_failed': 'attempt_failed',
  'leaving_for_bank/cancel': 'cancelled',
  'authorizing_at_bank/cancel': 'cancelled',
  'returned_from_bank/cancel': 'cancelled',
  'leaving_for_bank/expire': 'expired',
  'authorizing_at_bank/expire': 'expired',
  'returned_from_bank/expire': 'expired',
  'logging_in/login_succeeded': 'second_factor',
  'logging_in/login_rejected': 'logging_in',
  'logging_in/login_attempts_exhausted': 'failed',
  'logging_in/attempt_failed': 'attempt_failed',
  'second_factor/attempt_failed': 'attempt_failed',
  'choosing_account/attempt_failed': 'attempt_failed',
  'confirming/attempt_failed': 'attempt_failed',
  'second_factor/second_factor_passed': 'choosing_account',
  'choosing_account/account_chosen': 'confirming',
  'attempt_failed/account_chosen': 'confirming',
  'confirming/transfer_submitted': 'transferring',
  'transferring/transfer_completed': 'succeeded',
  'transferring/transfer_refused': 'attempt_failed',
  'transferring/transfer_lost': 'needs_review',
  'needs_review/transfer_completed': 'succeeded',
  'needs_review/transfer_rejected': 'failed',
  'needs_review/review_paid': 'succeeded',
  'needs_review/review_not_paid': 'failed',
  'choosing_bank/cancel': 'cancelled',
  'logging_in/cancel': 'cancelled',
  'second_factor/cancel': 'cancelled',
  'choosing_account/cancel': 'cancelled',
  'confirming/cancel': 'cancelled',
  'attempt_failed/cancel': 'cancelled',
  'choosing_bank/expire': 'expired',
  'logging_in/expire': 'expired',
  'second_factor/expire': 'expired',
  'choosing_account/expire': 'expired',
  'confirming/expire': 'expired',
  'attempt_failed/expire': 'expired',
  'choosing_bank/choose_direct_transfer': 'awaiting_transfer',
  'attempt_failed/choose_direct_transfer': 'awaiting_transfer',
  'awaiting_transfer/movement_matched': 'succeeded',
  'awaiting_transfer/cancel': 'cancelled',
  'awaiting_transfer/expire': 'expired',
};

const pairs: [FunnelState, FunnelEvent][] = FUNNEL_STATES.flatMap((state) =>
  FUNNEL_EVENTS.map((event): [FunnelState, FunnelEvent] => [state, event]),
);

describe('payment state machine', () => {
  it.each(pairs)('%s + %s', (state, event) => {
    expect(transition(state, event)).toBe(ALLOWED[`${state}/${event}`] ?? null);
  });

  it('lets nothing leave a final state', () => {
    for (const state of FUNNEL_STATES.filter(isFinalState)) {
      for (const event of FUNNEL_EVENTS) expect(transition(state, event)).toBeNull();
    }
  });

  it('never lets the payer or the clock end a transfer in flight', () => {
    expect(transition('transferring', 'cancel')).toBeNull();
    expect(transition('transferring', 'expire')).toBeNull();
    expect(transition('needs_review', 'cancel')).toBeNull();
    expect(transition('needs_review', 'expire')).toBeNull();
  });

  it('maps states to the merchant statuses', () => {
    expect(FUNNEL_STATES.map((state) => [state, statusOf(state)])).toEqual([
      ['choosing_bank', 'pending'],
      ['logging_in', 'pending'],
      ['second_factor', 'pending'],
      ['choosing_account', 'pending'],
      ['confirming', 'pending'],
      ['transferring', 'pending'],
      ['needs_review', 'pending'],
      ['leaving_for_bank', 'pending'],
      ['authorizing_at_bank', 'pending'],
      ['returned_from_bank', 'pending'],
      ['awaiting_transfer', 'pending'],
      ['attempt_failed', 'pending'],
      ['succeeded', 'success'],
      ['failed', 'error'],
      ['cancelled', 'cancelled'],
      ['expired', 'expired'],
    ]);
  });

  it('advances payment_step only on progress', () => {
    expect(FUNNEL_EVENTS.map((event) => [event, stepAfter(event)])).toEqual([
      ['choose_bank', 'bank_selected'],
      ['change_bank', null],
      ['choose_open_finance_bank', 'bank_selected'],
      ['authorization_started', null],
      ['returned_from_bank', null],
      ['login_succeeded', 'logged_in'],
      ['login_rejected', null],
      ['login_attempts_exhausted', null],
      ['attempt_failed', null],
      ['second_factor_passed', 'second_factor_passed'],
      ['account_chosen', 'account_selected'],
      ['transfer_submitted', 'transfer_submitted'],
      ['transfer_completed', 'transfer_confirmed'],
      ['transfer_refused', null],
      ['transfer_rejected', null],
      ['transfer_lost', null],
      ['review_paid', 'transfer_confirmed'],
      ['review_not_paid', null],
      ['choose_direct_transfer', 'awaiting_transfer'],
      ['movement_matched', 'transfer_confirmed'],
      ['cancel', null],
      ['expire', null],
    ]);
  });
});
