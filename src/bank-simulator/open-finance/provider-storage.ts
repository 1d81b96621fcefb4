import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Stored {
  payload: AdapterPayload;
  /** Epoch milliseconds after which the entry is gone; null keeps it. */
  expiresAt: number | null;
}

/**
 * Where the model banks' authorisation servers keep codes, grants, PAR requests and interactions: one map
 * per simulator, shared by its eight banks (keys carry the bank), and the registered clients read from the
 * simulator's registry.
 *
 * Why not `oidc-provider`'s default adapter: it is one module-wide LRU for every provider in the process
 * (two simulators in one test process would share codes) and it warns that it is for development. This
 * store is correct for ONE simulator process, which is what the simulator is: its accounts and ledger are
 * in memory too, so a restart forgets everything alike. `consume` is synchronous between the lookup and the
 * mark, so a code cannot be redeemed twice even by concurrent requests.
 */
export class ProviderStorage {
  readonly #entries = new Map<string, Stored>();
  #lastSweep = 0;

  constructor(private readonly clients: (clientId: string) => AdapterPayload | undefined) {}

  /** The `oidc-provider` adapter factory of one bank's provider. */
  adapterFor(bank: string): (model: string) => Adapter {
    return (model) => new ModelAdapter(this, `${bank}:${model}`, model === 'Client' ? this.clients : null);
  }

  get(key: string, now = Date.now()): AdapterPayload | undefined {
    const stored = this.#entries.get(key);
    if (!stored) return undefined;
    if (stored.expiresAt !== null && stored.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return stored.payload;
  }

  set(key: string, payload: AdapterPayload, expiresInSeconds: number | undefined, now = Date.now()): void {
    this.#sweep(now);
    const expiresAt = typeof expiresInSeconds === 'number' ? now + expiresInSeconds * 1000 : null;
    this.#entries.set(key, { payload, expiresAt });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Every live entry whose key starts with `prefix` and whose payload matches. */
  *matching(prefix: string, test: (payload: AdapterPayload) => boolean): Generator<[string, AdapterPayload]> {
    for (const key of [...this.#entries.keys()]) {
      if (!key.startsWith(prefix)) continue;
      const payload = this.get(key);
      if (payload && test(payload)) yield [key, payload];
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  /** Drops expired entries at most once a minute, so a long-running sandbox does not grow without end. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [key, stored] of this.#entries) {
      if (stored.expiresAt !== null && stored.expiresAt <= now) this.#entries.delete(key);
    }
  }
}

class ModelAdapter implements Adapter {
  constructor(
    private readonly storage: ProviderStorage,
    private readonly prefix: string,
    private readonly clients: ((clientId: string) => AdapterPayload | undefined) | null,
  ) {}

  #key(id: string): string {
    return `${this.prefix}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.storage.set(this.#key(id), payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.clients) return this.clients(id);
    return this.storage.get(this.#key(id));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    for (const [, payload] of this.storage.matching(`${this.prefix}:`, (p) => p.userCode === userCode))
      return payload;
    return undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const [, payload] of this.storage.matching(`${this.prefix}:`, (p) => p.uid === uid)) return payload;
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = this.storage.get(this.#key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.storage.delete(this.#key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // Every token of the grant, whatever its model, at this bank.
    const bankPrefix = `${this.prefix.split(':')[0]}:`;
    for (const [key] of this.storage.matching(bankPrefix, (p) => p.grantId === grantId))
      this.storage.delete(key);
  }
}
