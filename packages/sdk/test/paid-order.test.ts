import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestBankSimulator, type TestBankSimulator } from '../../../test/support/bank-simulator.ts';
import { FunnelClient, walkPayment } from '../../../test/support/funnel-client.ts';
import { type RunningGateway, startGateway } from '../../../test/support/running-gateway.ts';
import { Puente, PuenteApiError } from '../src/index.ts';

// A real payment through the funnel and the bank simulator, then what the SDK sees of it.
let simulator: TestBankSimulator;
let gateway: RunningGateway;
let puente: Puente;

beforeAll(async () => {
  simulator = await startTestBankSimulator();
  gateway = await startGateway(
    { completedUrl: 'https://shop.example/ok', onePaymentPerOrder: true },
    simulator.env,
  );
  puente = new Puente({
    apiUrl: gateway.url,
    merchantCode: gateway.merchant.merchant.code,
    apiToken: gateway.merchant.apiToken,
  });
});
afterAll(async () => {
  await gateway?.close();
  await simulator?.close();
});

it('a paid order of a one-payment-per-order merchant: status success, the JWT verifies, a new session is a 409', async () => {
  const session = await puente.createSession({ merchantOrderId: 'OC-PAID-1', orderAmount: 23_450 });
  const walk = await walkPayment(new FunnelClient(gateway.url), new URL(session.paymentUrl).pathname, {
    bank: 'cl_test',
    rut: '11.111.111-1',
  });
  expect(walk.redirect).toMatch(/^https:\/\/shop\.example\/ok\?jwt=/);

  // The funnel's own redirect, verified by the SDK.
  const notification = await puente.verifyNotification(walk.redirect, session.signatureToken, {
    maxAgeSeconds: 60,
  });
  expect(notification).toMatchObject({
    merchantOrderId: 'OC-PAID-1',
    orderAmount: 23_450,
    paymentStatus: 'success',
    userBankCode: 'cl_test',
  });
  expect(notification.paymentToken).toBeTruthy();

  const [status] = await puente.checkPaymentStatus({ paymentToken: notification.paymentToken ?? '' });
  expect(status).toMatchObject({
    sessionToken: session.token,
    paymentStatus: 'success',
    orderAmount: 23_450,
  });

  const refused = await puente
    .createSession({ merchantOrderId: 'OC-PAID-1', orderAmount: 23_450 })
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(PuenteApiError);
  expect(refused).toMatchObject({ status: 409, code: 'order_already_paid' });
});
