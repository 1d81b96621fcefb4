import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANKS as GATEWAY_BANKS } from '../../../src/domain/banks.ts';
import { type RunningGateway, startGateway } from '../../../test/support/running-gateway.ts';
import { createTestMerchant } from '../../../test/support/services.ts';
import { BANKS, banks, Puente, PuenteApiError, PuenteNetworkError } from '../src/index.ts';

let gateway: RunningGateway;
let puente: Puente;

beforeAll(async () => {
  gateway = await startGateway();
  puente = new Puente({
    apiUrl: gateway.url,
    merchantCode: gateway.merchant.merchant.code,
    apiToken: gateway.merchant.apiToken,
  });
});
afterAll(() => gateway.close());

describe('createSession against a running gateway', () => {
  it('maps camelCase input to the protocol and returns the session', async () => {
    const session = await puente.createSession({
      merchantOrderId: 'OC-700104',
      orderAmount: 50_000,
      customerEmail: 'ana@example.cl',
      userBankCode: 'cl_test',
      userRut: '12.345.678-5',
      isRutBlock: true,
      metadata: [{ name: 'Producto', value: 'Tetera', show: true }],
      paymentCompletedUrl: 'https://shop.example/gracias',
      paymentCancellationUrl: 'https://shop.example/carro',
      paymentWebhookUrl: 'https://shop.example/hooks/puente',
      concat: '&',
    });
    expect(session.token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(session.signatureToken).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(session.paymentUrl).toBe(`${gateway.url}/session/${session.token}`);
    expect(session.paymentUrl).toBe(puente.paymentUrl(session.token));
    expect(puente.paymentUrl(session.token, 'en')).toBe(`${gateway.url}/session/${session.token}?lang=en`);
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now());

    // Every field reached the gateway under its protocol name.
    const stored = await gateway.services.sessions.findByToken(session.token);
    expect(stored).toMatchObject({
      merchantOrderId: 'OC-700104',
      orderAmount: 50_000,
      customerEmail: 'ana@example.cl',
      userBankCode: 'cl_test',
      isRutBlock: true,
      metadata: [{ name: 'Producto', value: 'Tetera', show: true }],
      completedUrl: 'https://shop.example/gracias',
      cancellationUrl: 'https://shop.example/carro',
      webhookUrl: 'https://shop.example/hooks/puente',
    });
    expect(stored?.userRut).toBeTruthy();
  });

  it('needs only the order and the amount', async () => {
    const session = await puente.createSession({ merchantOrderId: 'OC-2', orderAmount: 1990 });
    const stored = await gateway.services.sessions.findByToken(session.token);
    expect(stored).toMatchObject({ orderAmount: 1990, userBankCode: null, metadata: [] });
  });

  it("carries the shop's language to the payment page", async () => {
    const session = await puente.createSession({
      merchantOrderId: 'OC-LANG',
      orderAmount: 1000,
      language: 'en',
    });
    expect(new URL(session.paymentUrl).searchParams.get('lang')).toBe('en');
    expect(new URL(session.paymentUrl).pathname).toBe(`/session/${session.token}`);
  });

  it('throws a PuenteApiError with status, code, field and request id for a rejected session', async () => {
    const error = await puente
      .createSession({ merchantOrderId: 'OC-3', orderAmount: 10.5 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PuenteApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_error', field: 'order_amount' });
    expect((error as PuenteApiError).requestId).toBeTruthy();
    expect((error as PuenteApiError).message).toContain('order_amount');
  });

  it('throws 401 invalid_credentials for a wrong API token', async () => {
    const stranger = new Puente({ apiUrl: gateway.url, merchantCode: 'sbx_nobody', apiToken: 'wrong-token' });
    await expect(
      stranger.createSession({ merchantOrderId: 'OC-4', orderAmount: 1000 }),
    ).rejects.toMatchObject({
      name: 'PuenteApiError',
      status: 401,
      code: 'invalid_credentials',
    });
  });
});

describe('checkPaymentStatus against a running gateway', () => {
  it('finds sessions by order, by session token, and returns [] when none match', async () => {
    const first = await puente.createSession({ merchantOrderId: 'OC-STATUS', orderAmount: 7000 });
    const second = await puente.createSession({ merchantOrderId: 'OC-STATUS', orderAmount: 7000 });

    const byOrder = await puente.checkPaymentStatus({ merchantOrderId: 'OC-STATUS' });
    expect(byOrder.map((entry) => entry.sessionToken)).toEqual([second.token, first.token]);
    expect(byOrder[0]).toMatchObject({
      merchantOrderId: 'OC-STATUS',
      orderAmount: 7000,
      paymentStatus: 'pending',
      paymentToken: null,
    });
    expect(byOrder[0]?.createdAt).toBeInstanceOf(Date);

    const bySession = await puente.checkPaymentStatus({ sessionToken: first.token });
    expect(bySession).toHaveLength(1);
    expect(await puente.checkPaymentStatus({ merchantOrderId: 'OC-NEVER' })).toEqual([]);
  });

  it("never sees another merchant's sessions", async () => {
    const second = await createTestMerchant(gateway.services);
    const otherClient = new Puente({
      apiUrl: gateway.url,
      merchantCode: second.merchant.code,
      apiToken: second.apiToken,
    });
    await puente.createSession({ merchantOrderId: 'OC-MINE', orderAmount: 100 });
    expect(await otherClient.checkPaymentStatus({ merchantOrderId: 'OC-MINE' })).toEqual([]);
  });
});

describe('network failures', () => {
  it('throws PuenteNetworkError when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const client = new Puente({ apiUrl: `http://127.0.0.1:${port}`, merchantCode: 'm', apiToken: 't' });
    await expect(client.checkPaymentStatus({ sessionToken: 'x' })).rejects.toMatchObject({
      name: 'PuenteNetworkError',
      timedOut: false,
    });
  });

  it('gives up after timeoutMs with a PuenteNetworkError that says it timed out', async () => {
    let silent: Server | undefined;
    try {
      silent = createServer(() => {}); // accepts and never answers
      await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as AddressInfo;
      const client = new Puente({
        apiUrl: `http://127.0.0.1:${port}`,
        merchantCode: 'm',
        apiToken: 't',
        timeoutMs: 200,
      });
      const started = Date.now();
      const error = await client.checkPaymentStatus({ sessionToken: 'x' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PuenteNetworkError);
      expect((error as PuenteNetworkError).timedOut).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent?.closeAllConnections();
      await new Promise((resolve) => silent?.close(resolve));
    }
  });
});

describe('bank list', () => {
  it("is the gateway's own list", () => {
    expect(BANKS).toEqual(GATEWAY_BANKS);
  });

  it('has the protocol codes, with cl_test only in sandbox', () => {
    expect(BANKS.map((bank) => bank.code)).toEqual([
      'cl_estado',
      'cl_santander',
      'cl_bch',
      'cl_bci',
      'cl_itau',
      'cl_scotiabank',
      'cl_falabella',
      'cl_test',
    ]);
    expect(banks('production').some((bank) => bank.code === 'cl_test')).toBe(false);
    expect(banks('sandbox').find((bank) => bank.code === 'cl_test')).toMatchObject({ sandboxOnly: true });
    expect(puente.banks().length).toBe(7);
  });
});
