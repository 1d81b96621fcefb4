import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditorAccount, initiation } from '../../src/adapters/banks/open-finance/uk-open-banking-v31.ts';
import { creditorFor, SANDBOX_CREDITOR_RUT } from '../../src/domain/creditor.ts';
import {
  type CollectingAccount,
  REFERENCE_ALPHABET,
  referencesIn,
} from '../../src/domain/direct-transfer.ts';
import { marksIn, orderIdAfterMark } from '../../src/domain/initiation-mark.ts';
import type { Rut } from '../../src/domain/rut.ts';
import { EXAMPLE_INITIATION_MARK, EXAMPLE_PAYMENT_TOKEN } from '../../src/http/openapi/example-values.ts';
import { initiationMarkOf, transferTextOf } from '../../src/use-cases/funnel/creditor.ts';

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const paymentToken = fc.string({ unit: fc.constantFrom(...TOKEN_ALPHABET), minLength: 64, maxLength: 64 });
const orderId = fc.string({ minLength: 1, maxLength: 64 }).filter((text) => text.trim() !== '');

describe('the mark of a Puente-initiated transfer', () => {
  it('is PTE and 8 symbols of the reference alphabet, the same for the same payment_token', () => {
    fc.assert(
      fc.property(paymentToken, (token) => {
        const mark = initiationMarkOf(token);
        expect(mark).toMatch(new RegExp(`^PTE[${REFERENCE_ALPHABET}]{8}$`));
        expect(initiationMarkOf(token)).toBe(mark);
      }),
    );
    expect(initiationMarkOf(EXAMPLE_PAYMENT_TOKEN)).toBe(EXAMPLE_INITIATION_MARK);
  });

  it('is found in the text Puente sends, in any case, split or cut at 35 characters, and never read as a reference', () => {
    fc.assert(
      fc.property(paymentToken, orderId, (token, order) => {
        const mark = initiationMarkOf(token);
        const text = transferTextOf(token, order);
        expect(text.startsWith(`${mark} `)).toBe(true);
        expect(marksIn(text)).toContain(mark);
        expect(marksIn(text.slice(0, 35))).toContain(mark);
        expect(marksIn(text.toLowerCase())).toContain(mark);
        expect(marksIn(`${mark.slice(0, 3)} ${mark.slice(3)}`)).toEqual([mark]);
        // The mark alone is never a direct-transfer reference, however a bank cuts or splits it.
        expect(referencesIn(mark)).toEqual([]);
        expect(referencesIn(`${mark.slice(0, 3)} ${mark.slice(3)}`)).toEqual([]);
        expect(orderIdAfterMark(text)).toBe(order.trim());
      }),
    );
  });

  it('is not found in ordinary comments', () => {
    for (const comment of ['Pago K7MQ2X', 'PTE', 'PTEK7MQ2XA', 'PTEK7MQ2XAB9', 'XPTEK7MQ2XAB', 'PTEO0000000'])
      expect(marksIn(comment), comment).toEqual([]);
    expect(orderIdAfterMark('Pago K7MQ2X')).toBeNull();
  });
});

describe('the creditor of a merchant’s payments', () => {
  const account: CollectingAccount = {
    merchantId: 7,
    bankCode: 'cl_bci',
    accountType: 'vista',
    accountNumber: '12345678',
    holderName: 'Tienda SpA',
    holderRut: '76123456-0' as Rut,
    notificationEmail: 'pagos@tienda.cl',
    enabled: false,
    windowHours: 48,
  };
  const merchant = (environment: 'sandbox' | 'production') => ({
    code: 'sbx_m1',
    name: 'Tienda',
    environment,
  });

  it('is the collecting account, enabled for direct transfer or not, in both environments', () => {
    const creditor = {
      bankCode: 'cl_bci',
      accountType: 'vista',
      accountNumber: '12345678',
      holderName: 'Tienda SpA',
      holderRut: '76123456-0',
    };
    expect(creditorFor(merchant('production'), account)).toEqual(creditor);
    expect(creditorFor(merchant('sandbox'), account)).toEqual(creditor);
  });

  it('without one: the sandbox placeholder in sandbox, none in production', () => {
    expect(creditorFor(merchant('sandbox'), null)).toEqual({
      bankCode: 'cl_test',
      accountType: 'corriente',
      accountNumber: 'puente-sbx_m1',
      holderName: 'Tienda',
      holderRut: SANDBOX_CREDITOR_RUT,
    });
    expect(creditorFor(merchant('production'), null)).toBeNull();
  });

  it('is named on the UK Open Banking v3.1 wire by bank, account type and number, holder and RUT', () => {
    const creditor = creditorFor(merchant('production'), account);
    if (!creditor) throw new Error('no creditor');
    expect(creditorAccount(creditor)).toEqual({
      SchemeName: 'CL.Puente.BankAccount',
      Identification: 'cl_bci:vista:12345678',
      Name: 'Tienda SpA',
      SecondaryIdentification: '76123456-0',
    });
    const reference = transferTextOf('t'.repeat(64), 'OC-2026-12-01-21:20:05.123456-tienda-central');
    const wire = initiation({ amount: 15_990, recipient: creditor, reference, idempotencyKey: 'k' });
    expect(wire.RemittanceInformation.Reference).toHaveLength(35);
    expect(marksIn(wire.RemittanceInformation.Reference)).toEqual([initiationMarkOf('t'.repeat(64))]);
  });
});
