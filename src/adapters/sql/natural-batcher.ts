/**
 * Natural batching, the application's side of a group commit: an item submitted while fewer than
 * `maxInFlight` batches are running starts a batch at the end of the event loop's turn, with whatever else
 * arrived in that turn (alone, under light load: no timer, no added wait); one submitted while `maxInFlight`
 * batches are running waits, and goes with every other waiting item (up to `maxBatch`) as soon as one of them
 * finishes. Under load, one statement and one commit then carry many items, so the database's per-statement
 * and per-commit costs are shared instead of paid by each.
 *
 * `run` answers one outcome per item, in order: a batch that fails as a whole can retry its items one by
 * one, so an item's own error reaches only its caller.
 *
 * @example
 *   const inserts = new NaturalBatcher(insertAll, { maxInFlight: 2, maxBatch: 64 });
 *   const row = await inserts.submit(newRow);
 */
export class NaturalBatcher<Item, Result> {
  private readonly waiting: Waiting<Item, Result>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: readonly Item[]) => Promise<PromiseSettledResult<Result>[]>,
    private readonly limits: { maxInFlight: number; maxBatch: number },
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /**
   * A batch starts at the end of the event loop's turn (`setImmediate`), after every request that arrived
   * with this one has been read: on the embedded database a statement runs to its end without yielding, so
   * starting at once would run each item alone.
   */
  private schedule(): void {
    if (this.scheduled || this.running >= this.limits.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    const batch = this.waiting.splice(0, this.limits.maxBatch);
    if (batch.length === 0) return;
    this.running += 1;
    this.settle(batch).finally(() => {
      this.running -= 1;
      if (this.waiting.length > 0) this.schedule();
    });
    if (this.waiting.length > 0) this.schedule();
  }

  private async settle(batch: Waiting<Item, Result>[]): Promise<void> {
    let outcomes: PromiseSettledResult<Result>[];
    try {
      outcomes = await this.run(batch.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (outcome?.status === 'fulfilled') waiting.resolve(outcome.value);
      else
        waiting.reject(outcome ? outcome.reason : new Error('the batch answered fewer items than it took'));
    });
  }
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}
