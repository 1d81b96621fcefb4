import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Movement, REFERENCE_ALPHABET, referencesIn } from '../../src/domain/direct-transfer.ts';
import { marksIn } from '../../src/domain/initiation-mark.ts';
import {
  type CandidatePayment,
  type InitiatedPayment,
  matchMovements,
} from '../../src/domain/movement-matching.ts';
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

// Marks of Puente-initiated transfers: PTE and 8 symbols (the last ones are never given to a payment).
const MARKS = Array.from(
  { length: 6 },
  (_, index) =>
    `PTE${Array.from({ length: 8 }, (_, position) => REFERENCE_ALPHABET[(index * 5 + position * 3) % 32]).join('')}`,
);

/** Payments Puente initiated to the same account; their ids never collide with the direct transfers'. */
const initiatedArbitrary = fc
  .uniqueArray(
    fc.record({
      mark: fc.constantFrom(...MARKS.slice(0, 4)),
      amount: fc.constantFrom(...AMOUNTS),
      payerRut: fc.option(fc.constantFrom(...RUTS), { nil: null }),
      recent: fc.boolean(),
    }),
    { selector: (payment) => payment.mark, maxLength: 4 },
  )
  .map((payments) => payments.map((payment, index) => ({ ...payment, sessionId: 100 + index })));

/**
 * A movement built against the payments: it may quote one or two of their references, or none; or carry a
 * Puente mark (known or not), followed by what an order id may look like: one of the references.
 */
function movementsArbitrary(payments: CandidatePayment[]) {
  const quoted = payments.length > 0 ? fc.constantFrom(...payments.map((p) => p.reference)) : fc.constant('');
  const mark = fc.constantFrom(...MARKS);
  const comment = fc.oneof(
    fc.constant('transferencia'),
    quoted.map((ref) => `Pedido ${ref.toLowerCase()}`),
    quoted.map((ref) => `ref ${ref.slice(0, 3)}-${ref.slice(3)}`),
    fc.tuple(quoted, quoted).map(([a, b]) => `${a} ${b}`),
    fc.tuple(mark, quoted).map(([m, ref]) => `${m} ${ref}`),
    fc.tuple(mark, quoted).map(([m, ref]) => `${m.toLowerCase()} OC-${ref}`.slice(0, 35)),
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

const scenario = fc
  .tuple(paymentsArbitrary, initiatedArbitrary)
  .chain(([payments, initiated]) =>
    movementsArbitrary(payments).map((movements) => ({ payments, initiated, movements })),
  );

const known = (payments: CandidatePayment[], movement: Movement) =>
  referencesIn(movement.description).filter((ref) => payments.some((p) => p.reference === ref));
const marked = (movement: Movement) => marksIn(movement.description).length > 0;
/** Recent Puente payments of the movement's amount and payer RUT. */
const lookalikes = (initiated: InitiatedPayment[], movement: Movement) =>
  initiated.filter(
    (p) =>
      p.recent && p.payerRut !== null && p.payerRut === movement.payerRut && p.amount === movement.amount,
  );

describe('matching statement movements to payments (property)', () => {
  it('uses no movement twice and matches no payment twice, nor one already paid or closed', () => {
    fc.assert(
      fc.property(scenario, ({ payments, initiated, movements }) => {
        const decisions = matchMovements(movements, payments, initiated);
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
      fc.property(scenario, ({ payments, initiated, movements }) => {
        const decisions = matchMovements(movements, payments, initiated);
        const claimedByReference = new Set(
          decisions
            .filter((decision) => decision.outcome === 'matched' && decision.by === 'reference')
            .map((decision) => (decision as { sessionId: number }).sessionId),
        );
        const candidatesOf = (movement: Movement) =>
          marked(movement) || known(payments, movement).length > 0 || !movement.payerRut
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
          if (!marked(movement) && known(payments, movement).length > 1) {
            expect(decision).toMatchObject({ outcome: 'review', reason: 'ambiguous' });
          }
          const candidates = candidatesOf(movement);
          // Several payments it could pay, or a payment that another movement could pay as well.
          const shared = candidates.some((payment) =>
            movements.some((other) => other !== movement && candidatesOf(other).includes(payment)),
          );
          if (candidates.length > 1 || shared) {
            expect(decision).toMatchObject({
              outcome: 'review',
              // A recent Puente payment of that amount and RUT is said first: the operator sees why.
              reason: lookalikes(initiated, movement).length > 0 ? 'possibly_initiated' : 'ambiguous',
            });
          }
        });
      }),
      { numRuns: 500 },
    );
  });

  it('never takes a Puente-initiated credit for a direct transfer', () => {
    fc.assert(
      fc.property(scenario, ({ payments, initiated, movements }) => {
        const decisions = matchMovements(movements, payments, initiated);
        movements.forEach((movement, index) => {
          const decision = decisions[index];
          // A marked movement is Puente's own, whatever references its comment holds: never a direct transfer's.
          if (marked(movement)) {
            const found = initiated.filter((p) => marksIn(movement.description).includes(p.mark));
            expect(decision).toEqual({
              movementId: movement.id,
              outcome: 'initiated',
              sessionId: found.length === 1 ? found[0]?.sessionId : null,
              by: 'mark',
            });
          }
          // Second defence: no match by amount and RUT while a recent Puente payment has that amount and RUT.
          if (decision?.outcome === 'matched' && decision.by === 'amount_and_rut') {
            expect(lookalikes(initiated, movement)).toEqual([]);
          }
          // Without a mark, `initiated` only for a credit a recent Puente payment of its amount and RUT explains.
          if (decision?.outcome === 'initiated' && decision.by === 'amount_and_rut') {
            const explained = lookalikes(initiated, movement);
            expect(explained.length).toBeGreaterThan(0);
            expect(decision.sessionId).toBe(explained.length === 1 ? explained[0]?.sessionId : null);
          }
          // A direct transfer is never linked by an `initiated` decision, nor a Puente payment matched.
          if (decision?.outcome === 'initiated' && decision.sessionId !== null)
            expect(initiated.some((p) => p.sessionId === decision.sessionId)).toBe(true);
          if (decision?.outcome === 'matched')
            expect(payments.some((p) => p.sessionId === decision.sessionId)).toBe(true);
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

  it('tells Puente’s own credits apart, by their mark or, without a comment, by a recent payment', () => {
    const payments: CandidatePayment[] = [
      { sessionId: 1, reference: 'K7MQ2X', amount: 15000, payerRut: '11111111-1', standing: 'open' },
      { sessionId: 2, reference: 'ABCDEF', amount: 9990, payerRut: '22222222-2', standing: 'open' },
    ];
    const initiated: InitiatedPayment[] = [
      { sessionId: 10, mark: 'PTEK7MQ2XAB', amount: 15000, payerRut: '11111111-1', recent: true },
      { sessionId: 11, mark: 'PTEABCDEFGH', amount: 4000, payerRut: '33333333-3', recent: true },
      { sessionId: 12, mark: 'PTEZZZZZZZZ', amount: 9990, payerRut: '22222222-2', recent: false },
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
          // The order id after the mark looks like the waiting payment's reference: still Puente's own.
          movement('a', 15000, 'PTEK7MQ2XAB K7MQ2X', '11111111-1'),
          // Same amount and RUT as waiting payment 1, no comment: a recent Puente payment has them too.
          movement('b', 15000, '', '11111111-1'),
          // No direct transfer of this payer: the recent Puente payment explains it.
          movement('c', 4000, 'TRANSFERENCIA', '33333333-3'),
          // A Puente payment of long ago holds nothing back.
          movement('d', 9990, '', '22222222-2'),
          // A mark Puente does not know (a payment older than the lookup): Puente's own, not linked.
          movement('e', 500, 'pteqqqqqqqq oc-1'),
        ],
        payments,
        initiated,
      ),
    ).toEqual([
      { movementId: 'a', outcome: 'initiated', sessionId: 10, by: 'mark' },
      { movementId: 'b', outcome: 'review', reason: 'possibly_initiated', sessionId: 1 },
      { movementId: 'c', outcome: 'initiated', sessionId: 11, by: 'amount_and_rut' },
      { movementId: 'd', outcome: 'matched', sessionId: 2, by: 'amount_and_rut' },
      { movementId: 'e', outcome: 'initiated', sessionId: null, by: 'mark' },
    ]);
  });
});
