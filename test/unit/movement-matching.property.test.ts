import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Movement, REFERENCE_ALPHABET, referencesIn } from '../../src/domain/direct-transfer.ts';
import { type CandidatePayment, matchMovements } from '../../src/domain/movement-matching.ts';
import type { Rut } from '../../src/domain/rut.ts';

// Small pools, so that equal amounts and RUTs (the ambiguous cases) come up often.
const RUTS = ['11111111-1', '22222222-2', '33333333-3'];
const AMOUNTS = [1000, 2500, 9990];

// A pool of references in the alphabet (a few of them look alike on purpose: one letter apart).
const REFERENCES = Array.from({ length: 12 }, (_, index) =>
  Array.from(
    { length: 6 },
    (_, position) => REFERENCE_ALPHABET[(index * 7 + position * (index % 3)) % 32],
  ).join(''),
);
const reference = fc.constantFrom(...REFERENCES);

const paymentsArbitrary = fc
  .uniqueArray(
    fc.record({
      reference,
      amount: fc.constantFrom(...AMOUNTS),
      payerRut: fc.option(fc.constantFrom(...RUTS), { nil: null }),
      standing: fc.constantFrom('open', 'open', 'open', 'paid', 'closed'),
    }),
    { selector: (payment) => payment.reference, maxLength: 8 },
  )
  .map((payments) => payments.map((payment, index) => ({ ...payment, sessionId: index + 1 })));

/** A movement built against the payments: it may quote one or two of their references, or none. */
function movementsArbitrary(payments: CandidatePayment[]) {
  const quoted = payments.length > 0 ? fc.constantFrom(...payments.map((p) => p.reference)) : fc.constant('');
  const comment = fc.oneof(
    fc.constant('transferencia'),
    quoted.map((ref) => `Pedido ${ref.toLowerCase()}`),
    quoted.map((ref) => `ref ${ref.slice(0, 3)}-${ref.slice(3)}`),
    fc.tuple(quoted, quoted).map(([a, b]) => `${a} ${b}`),
  );
  return fc
    .uniqueArray(
      fc.record({
        id: fc.nat({ max: 999 }).map(String),
        date: fc.constantFrom('2026-12-01', '2026-12-02'),
        amount: fc.oneof(fc.constantFrom(...AMOUNTS), fc.integer({ min: 1, max: 20_000 })),
        description: comment,
        payerRut: fc.option(fc.constantFrom(...RUTS), { nil: null }),
        payerName: fc.constant(null),
        payerBank: fc.constant(null),
      }),
      { selector: (movement) => movement.id, maxLength: 10 },
    )
    .map((movements) =>
      movements.map((movement) => ({ ...movement, payerRut: movement.payerRut as Rut | null })),
    );
}

const scenario = paymentsArbitrary.chain((payments) =>
  movementsArbitrary(payments).map((movements) => ({ payments, movements })),
);

const known = (payments: CandidatePayment[], movement: Movement) =>
  referencesIn(movement.description).filter((ref) => payments.some((p) => p.reference === ref));

describe('matching statement movements to payments (property)', () => {
  it('uses no movement twice and matches no payment twice, nor one already paid or closed', () => {
    fc.assert(
      fc.property(scenario, ({ payments, movements }) => {
        const decisions = matchMovements(movements, payments);
        expect(decisions.map((decision) => decision.movementId)).toEqual(movements.map((m) => m.id));
        const matched = decisions.filter((decision) => decision.outcome === 'matched');
        const sessions = matched.map((decision) => decision.sessionId);
        expect(new Set(sessions).size).toBe(sessions.length);
        for (const decision of matched) {
          const payment = payments.find((p) => p.sessionId === decision.sessionId) as CandidatePayment;
          const movement = movements.find((m) => m.id === decision.movementId) as Movement;
          expect(payment.standing).toBe('open');
          expect(movement.amount).toBe(payment.amount);
          if (decision.by === 'reference') expect(known(payments, movement)).toEqual([payment.reference]);
          else {
            expect(known(payments, movement)).toEqual([]);
            expect(movement.payerRut).toBe(payment.payerRut);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('sends every ambiguous movement to review', () => {
    fc.assert(
      fc.property(scenario, ({ payments, movements }) => {
        const decisions = matchMovements(movements, payments);
        const claimedByReference = new Set(
          decisions
            .filter((decision) => decision.outcome === 'matched' && decision.by === 'reference')
            .map((decision) => (decision as { sessionId: number }).sessionId),
        );
        const candidatesOf = (movement: Movement) =>
          known(payments, movement).length > 0 || !movement.payerRut
            ? []
            : payments.filter(
                (p) =>
                  p.standing === 'open' &&
                  !claimedByReference.has(p.sessionId) &&
                  p.payerRut === movement.payerRut &&
                  p.amount === movement.amount,
              );
        movements.forEach((movement, index) => {
          const decision = decisions[index];
          // Two known references in one comment.
          if (known(payments, movement).length > 1) {
            expect(decision).toMatchObject({ outcome: 'review', reason: 'ambiguous' });
          }
          const candidates = candidatesOf(movement);
          // Several payments it could pay, or a payment that another movement could pay as well.
          const shared = candidates.some((payment) =>
            movements.some((other) => other !== movement && candidatesOf(other).includes(payment)),
          );
          if (candidates.length > 1 || shared) {
            expect(decision).toMatchObject({ outcome: 'review', reason: 'ambiguous' });
          }
        });
      }),
      { numRuns: 500 },
    );
  });

  it('matches the plain cases', () => {
    const payments: CandidatePayment[] = [
      { sessionId: 1, reference: 'K7MQ2X', amount: 15000, payerRut: null, standing: 'open' },
      { sessionId: 2, reference: 'ABCDEF', amount: 2000, payerRut: '11111111-1', standing: 'open' },
      { sessionId: 3, reference: 'ZZZZZZ', amount: 500, payerRut: null, standing: 'closed' },
    ];
    const movement = (id: string, amount: number, description: string, payerRut: string | null = null) => ({
      id,
      date: '2026-12-01',
      amount,
      description,
      payerRut: payerRut as Rut | null,
      payerName: null,
      payerBank: null,
    });
    expect(
      matchMovements(
        [
          movement('a', 15000, 'pago k7m-q2x gracias'),
          movement('b', 2000, 'transferencia', '11111111-1'),
          movement('c', 500, 'ZZZZZZ'),
          movement('d', 14000, 'K7MQ2X'),
          movement('e', 7000, 'sueldo'),
        ],
        payments,
      ),
    ).toEqual([
      { movementId: 'a', outcome: 'matched', sessionId: 1, by: 'reference' },
      { movementId: 'b', outcome: 'matched', sessionId: 2, by: 'amount_and_rut' },
      { movementId: 'c', outcome: 'review', reason: 'late', sessionId: 3 },
      { movementId: 'd', outcome: 'review', reason: 'duplicate', sessionId: 1 },
      { movementId: 'e', outcome: 'unmatched' },
    ]);
  });
});
