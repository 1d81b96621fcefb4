import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Stored {
  payload: AdapterPayload;
  /** Epoch milliseconds after which the entry is gone; null keeps it. */
  expiresAt: number | null;
  /** Its keys in `#byField` (uid, user code), to drop with it. */
  lookups: string[];
  /** Its key in `#byGrant`, if it belongs to a grant. */
  grant: string | null;
}

/** Keys are `{bank}:{model}:{id}`; the bank and model names hold no colon. */
const bankOf = (key: string) => key.slice(0, key.indexOf(':'));
const modelPrefixOf = (key: string) => key.slice(0, key.indexOf(':', key.indexOf(':') + 1));
const fieldKey = (modelPrefix: string, field: 'uid' | 'userCode', value: string) =>
  `${modelPrefix}\u0000${field}\u0000${value}`;
const grantKey = (bank: string, grantId: string) => `${bank}\u0000${grantId}`;

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
 *
 * The provider also finds entries by interaction uid, by user code and by grant: those go through maps kept
 * beside the entries, so a lookup costs the same after a hundred thousand payments as after one (a scan of
 * every entry made each payment dearer than the last: 35 ms of the simulator's CPU a payment after 4,000).
 */
export class ProviderStorage {
  readonly #entries = new Map<string, Stored>();
  readonly #byField = new Map<string, string>();
  readonly #byGrant = new Map<string, Set<string>>();
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
      this.#drop(key);
      return undefined;
    }
    return stored.payload;
  }

  set(key: string, payload: AdapterPayload, expiresInSeconds: number | undefined, now = Date.now()): void {
    this.#sweep(now);
    this.#drop(key);
    const expiresAt = typeof expiresInSeconds === 'number' ? now + expiresInSeconds * 1000 : null;
    const lookups: string[] = [];
    for (const field of ['uid', 'userCode'] as const) {
      const value = payload[field];
      if (typeof value !== 'string') continue;
      const lookup = fieldKey(modelPrefixOf(key), field, value);
      this.#byField.set(lookup, key);
      lookups.push(lookup);
    }
    let grant: string | null = null;
    if (typeof payload.grantId === 'string') {
      grant = grantKey(bankOf(key), payload.grantId);
      const keys = this.#byGrant.get(grant) ?? new Set<string>();
      keys.add(key);
      this.#byGrant.set(grant, keys);
    }
    this.#entries.set(key, { payload, expiresAt, lookups, grant });
  }

  delete(key: string): void {
    this.#drop(key);
  }

  /** The live entry of one bank's model (`{bank}:{model}`) whose `uid` or `userCode` is `value`. */
  findBy(modelPrefix: string, field: 'uid' | 'userCode', value: string): AdapterPayload | undefined {
    const key = this.#byField.get(fieldKey(modelPrefix, field, value));
    const payload = key === undefined ? undefined : this.get(key);
    return payload?.[field] === value ? payload : undefined;
  }

  /** The keys of every entry of a grant at one bank, whatever its model. */
  keysOfGrant(bank: string, grantId: string): string[] {
    return [...(this.#byGrant.get(grantKey(bank, grantId)) ?? [])];
  }

  clear(): void {
    this.#entries.clear();
    this.#byField.clear();
    this.#byGrant.clear();
  }

  /** How many entries are held, expired ones not yet dropped included. */
  get size(): number {
    return this.#entries.size;
  }

  #drop(key: string): void {
    const stored = this.#entries.get(key);
    if (!stored) return;
    this.#entries.delete(key);
    for (const lookup of stored.lookups) if (this.#byField.get(lookup) === key) this.#byField.delete(lookup);
    if (stored.grant === null) return;
    const keys = this.#byGrant.get(stored.grant);
    keys?.delete(key);
    if (keys?.size === 0) this.#byGrant.delete(stored.grant);
  }

  /** Drops expired entries at most once a minute, so a long-running sandbox does not grow without end. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [key, stored] of this.#entries) {
      if (stored.expiresAt !== null && stored.expiresAt <= now) this.#drop(key);
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
    return this.storage.findBy(this.prefix, 'userCode', userCode);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.storage.findBy(this.prefix, 'uid', uid);
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
    for (const key of this.storage.keysOfGrant(bankOf(this.prefix), grantId)) this.storage.delete(key);
  }
}
