import { parseRut, type Rut } from '../domain/rut.ts';

/**
 * The sandbox's documented test payers (docs/sandbox.md), the same in every bank. The RUT alone decides
 * the outcome; the password is `1234` for everyone. Any other valid RUT is an ordinary payer whose
 * payment succeeds.
 */
export type PayerScenario =
  | 'success'
  | 'insufficient_funds'
  | 'blocked'
  | 'second_factor_refused'
  | 'second_factor_timed_out'
  | 'pending_then_confirmed'
  | 'transfer_rejected'
  | 'three_accounts'
  | 'bank_unavailable'
  | 'over_daily_limit';

export interface TestPayer {
  rut: Rut;
  scenario: PayerScenario;
  holderName: string;
}

const TABLE: [string, PayerScenario, string][] = [
  ['11.111.111-1', 'success', 'Ana Pérez Soto'],
  ['22.222.222-2', 'insufficient_funds', 'Bruno Díaz Rojas'],
  ['33.333.333-3', 'blocked', 'Carla Muñoz Vera'],
  ['44.444.444-4', 'second_factor_refused', 'Diego Fuentes Lagos'],
  ['55.555.555-5', 'pending_then_confirmed', 'Elena Castro Pino'],
  ['66.666.666-6', 'transfer_rejected', 'Felipe Araya Núñez'],
  ['77.777.777-7', 'three_accounts', 'Gabriela Rivas Ortiz'],
  ['88.888.888-8', 'bank_unavailable', 'Héctor Silva Campos'],
  ['99.999.999-9', 'over_daily_limit', 'Isabel Reyes Morales'],
  // Not in the issue's list, chosen for DESIGN §4's "second factor timed out" (valid check digit).
  ['12.121.212-9', 'second_factor_timed_out', 'Javier Torres Vidal'],
];

export const TEST_PAYERS: TestPayer[] = TABLE.map(([text, scenario, holderName]) => {
  const rut = parseRut(text);
  if (!rut) throw new Error(`test payer RUT ${text} is not valid`);
  return { rut, scenario, holderName };
});

const BY_RUT = new Map(TEST_PAYERS.map((payer) => [payer.rut as string, payer]));

/** The scenario of a (normalised) RUT: a listed test payer's, or `success` for anyone else. */
export function testPayerFor(rut: Rut): TestPayer {
  return BY_RUT.get(rut) ?? { rut, scenario: 'success', holderName: 'Cliente de Pruebas' };
}

/** Starting money of a sandbox account: plenty, so developers and benches never run dry by accident. */
export const SANDBOX_BALANCE = 1_000_000_000;
export const SANDBOX_DAILY_LIMIT = 500_000_000;
