import { describe, expect, it } from 'vitest';
import { NaturalBatcher } from '../../src/adapters/sql/natural-batcher.ts';

/** A batch run the test finishes when it wants: each call is recorded with a way to settle it. */
function controlledRun() {
  const calls: {
    items: readonly number[];
    finish: (outcomes?: PromiseSettledResult<string>[]) => void;
    fail: (error: Error) => void;
  }[] = [];
  const run = (items: readonly number[]) =>
    new Promise<PromiseSettledResult<string>[]>((resolve, reject) => {
      calls.push({
        items,
        finish: (outcomes) =>
          resolve(outcomes ?? items.map((item) => ({ status: 'fulfilled', value: `done ${item}` }))),
        fail: reject,
      });
    });
  return { calls, run };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('NaturalBatcher', () => {
  it('puts what arrives in one turn of the event loop into one batch', async () => {
    const { calls, run } = controlledRun();
    const batcher = new NaturalBatcher(run, { maxInFlight: 2, maxBatch: 10 });
    const results = [1, 2, 3].map((item) => batcher.submit(item));
    await turn();
    expect(calls.map((call) => call.items)).toEqual([[1, 2, 3]]);
    calls[0]?.finish();
    expect(await Promise.all(results)).toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('runs at most maxInFlight batches; what waits goes together, at most maxBatch at a time', async () => {
    const { calls, run } = controlledRun();
    const batcher = new NaturalBatcher(run, { maxInFlight: 2, maxBatch: 3 });
    const results = [batcher.submit(1)];
    await turn();
    results.push(batcher.submit(2));
    await turn();
    for (const item of [3, 4, 5, 6, 7, 8, 9]) results.push(batcher.submit(item));
    await turn();
    expect(calls.map((call) => call.items)).toEqual([[1], [2]]);
    calls[1]?.finish();
    await turn();
    await turn();
    expect(calls.map((call) => call.items)).toEqual([[1], [2], [3, 4, 5]]);
    calls[0]?.finish();
    await turn();
    await turn();
    expect(calls.map((call) => call.items)).toEqual([[1], [2], [3, 4, 5], [6, 7, 8]]);
    calls[2]?.finish();
    await turn();
    await turn();
    expect(calls.map((call) => call.items)).toEqual([[1], [2], [3, 4, 5], [6, 7, 8], [9]]);
    calls[3]?.finish();
    calls[4]?.finish();
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((item) => `done ${item}`));
  });

  it('gives each caller its own outcome, and a failed batch to all of its callers', async () => {
    const { calls, run } = controlledRun();
    const batcher = new NaturalBatcher(run, { maxInFlight: 1, maxBatch: 10 });
    const first = [batcher.submit(1), batcher.submit(2)];
    await turn();
    calls[0]?.finish([
      { status: 'fulfilled', value: 'one' },
      { status: 'rejected', reason: new Error('two refused') },
    ]);
    await expect(first[0]).resolves.toBe('one');
    await expect(first[1]).rejects.toThrow('two refused');

    const second = [batcher.submit(3), batcher.submit(4)];
    await turn();
    calls[1]?.fail(new Error('connection lost'));
    await expect(second[0]).rejects.toThrow('connection lost');
    await expect(second[1]).rejects.toThrow('connection lost');

    const third = batcher.submit(5);
    await turn();
    expect(calls[2]?.items).toEqual([5]);
    calls[2]?.finish();
    await expect(third).resolves.toBe('done 5');
  });
});
