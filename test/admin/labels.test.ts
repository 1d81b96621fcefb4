import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/composition.ts';
import { BANKS } from '../../src/domain/banks.ts';
import { PAYMENT_STATUSES, PAYMENT_STEPS } from '../../src/domain/payment.ts';
import { FUNNEL_EVENTS, FUNNEL_STATES } from '../../src/domain/payment-state-machine.ts';
import { DELIVERY_STATUSES } from '../../src/domain/webhooks/delivery.ts';
import {
  auditActionLabel,
  bankLabel,
  deliveryStatusLabel,
  environmentLabel,
  funnelEventLabel,
  funnelStateLabel,
  outcomeLabel,
  paymentStatusLabel,
  paymentStepLabel,
} from '../../src/http/admin/labels.ts';
import { buildApp } from '../../src/http/app.ts';
import { loginOperator } from '../support/admin.ts';
import { createTestMerchant, createTestServices } from '../support/services.ts';

const REASONS = [
  'wrong_password',
  'account_blocked',
  'bank_unavailable',
  'second_factor_refused',
  'second_factor_timed_out',
  'bank_session_expired',
  'no_accounts',
  'insufficient_funds',
  'over_daily_limit',
  'rejected',
  'transfer_not_received',
  'cancelled_by_payer',
  'gone',
  'url_not_allowed',
  'exhausted',
  'completed',
  'timeout',
  // Bank answers in the timeline.
  'authorized',
  'blocked',
  'denied',
  'invalid',
  'passed',
  'redirect',
  'refused',
  'session_expired',
  'timed_out',
  'unavailable',
  'waiting',
  'wrong_answer',
  'pending',
  'unknown',
  'not_found',
  'fault→unavailable',
  'ok:3',
];
const AUDIT_ACTIONS = [
  'login',
  'login.failed',
  'login.limited',
  'logout',
  'operator.create',
  'merchant.create',
  'merchant.update',
  'merchant.suspend',
  'merchant.activate',
  'merchant.rotate_token',
  'payment.view',
  'payment.review_paid',
  'payment.review_not_paid',
  'payments.export',
  'delivery.resend',
];

describe.each(['es', 'en'] as const)('back-office labels (%s)', (language) => {
  it.each([
    ['payment status', PAYMENT_STATUSES, paymentStatusLabel],
    ['payment step', PAYMENT_STEPS, paymentStepLabel],
    ['funnel state', FUNNEL_STATES, funnelStateLabel],
    ['funnel event', FUNNEL_EVENTS, funnelEventLabel],
    ['delivery status', DELIVERY_STATUSES, deliveryStatusLabel],
    ['failure reason and bank answer', REASONS, outcomeLabel],
    ['environment', ['production'], environmentLabel],
    ['audit action', AUDIT_ACTIONS, auditActionLabel],
    ['bank', BANKS.map((bank) => bank.code), (code: string) => bankLabel(code)],
  ] as const)('every %s has a label in words', (_kind, codes, label) => {
    for (const code of codes) {
      expect(label(code, language), code).not.toBe(code);
      expect(label(code, language), code).not.toMatch(/_/);
    }
  });

  it('the two languages differ where the words do', () => {
    expect(paymentStatusLabel('pending', language)).toBe(language === 'es' ? 'Pendiente' : 'Pending');
    expect(funnelEventLabel('transfer_lost', language)).toMatch(language === 'es' ? /revisión/ : /review/);
  });
});

describe('back-office pages show labels, not codes (Spanish by default)', () => {
  let services: Services;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    services = await createTestServices();
    app = await buildApp(services, { logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await services?.close();
  });

  it('payments table and payment page: status, step, bank and RUT as people read them', async () => {
    const { merchant, apiToken } = await createTestMerchant(services);
    const created = await app.inject({
      method: 'POST',
      url: '/session/initialize',
      payload: JSON.stringify({
        merchant_code: merchant.code,
        merchant_api_token: apiToken,
        merchant_order_id: 'OC-LABELS',
        order_amount: 1000,
        user_bank_code: 'cl_falabella',
        user_rut: '11111111-1',
      }),
    });
    const token = created.json().token as string;
    const { cookie } = await loginOperator(app, services);
    const list = await app.inject({ url: '/admin/payments?order=OC-LABELS', headers: { cookie } });
    const row = /<tbody>([\s\S]*?)<\/tbody>/.exec(list.body)?.[1] ?? '';
    expect(row).toContain('Pendiente');
    expect(row).toContain('Sesión creada');
    expect(row).toContain('Banco Falabella');
    expect(row).toContain('<td class="nowrap">11.111.111-1</td>');
    expect(row).not.toMatch(/>pending<|>created<|cl_falabella/);
    expect(list.body).not.toContain('>merchant_code<');
    const detail = await app.inject({ url: `/admin/payments/${token}`, headers: { cookie } });
    expect(detail.body).toContain('<dt>Banco</dt><dd>Banco Falabella</dd>');
    expect(detail.body).toContain('<dt>Paso</dt><dd>Sesión creada</dd>');
  });
});
