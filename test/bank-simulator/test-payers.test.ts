import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { TEST_PAYERS, testPayerFor } from '../../src/bank-simulator/test-payers.ts';
import { formatRut, parseRut, type Rut } from '../../src/domain/rut.ts';

it('every test payer has a valid, distinct RUT', () => {
  const ruts = TEST_PAYERS.map((payer) => payer.rut);
  expect(new Set(ruts).size).toBe(ruts.length);
  for (const rut of ruts) expect(parseRut(rut)).toBe(rut);
  expect(new Set(TEST_PAYERS.map((payer) => payer.scenario)).size).toBe(TEST_PAYERS.length);
});

it('any other valid RUT is an ordinary payer whose payment succeeds', () => {
  expect(testPayerFor(parseRut('12.345.678-5') as Rut).scenario).toBe('success');
});

it('docs/sandbox.md lists exactly the test payers the simulator knows', () => {
  const docs = readFileSync(new URL('../../docs/sandbox.md', import.meta.url), 'utf8');
  const documented = [...docs.matchAll(/^\|\s*`(\d{1,2}\.\d{3}\.\d{3}-[\dK])`\s*\|/gm)].map(
    (match) => match[1],
  );
  expect(documented.sort()).toEqual(TEST_PAYERS.map((payer) => formatRut(payer.rut)).sort());
});
