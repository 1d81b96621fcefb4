import type { Merchant, MerchantSettings } from '../../domain/merchant.ts';
import type { MerchantStore } from '../../ports/merchant-store.ts';

/**
 * Keeps the merchants that API calls authenticate as, and those the funnel's pages belong to, for a short
 * while: the merchant API's hot path is one database round trip (the insert) instead of two, and a funnel
 * request reads its session without joining the merchant's row into every read.
 *
 * Invariants: only found merchants are kept (a wrong token always reaches the database, and a merchant
 * created a moment ago works at once); any change made through this store forgets everything at once, in
 * this process. A change made by another process (the CLI, another instance) is seen here within
 * `ttlMilliseconds`: a rotated token or a suspension takes up to that long to reach every instance.
 */
export class CachedMerchantStore implements MerchantStore {
  private byTokenHash = new Map<string, { merchant: Merchant; until: number }>();
  private byId = new Map<number, { merchant: Merchant; until: number }>();

  constructor(
    private readonly store: MerchantStore,
    private readonly ttlMilliseconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  findByTokenHash(apiTokenHash: Buffer): Promise<Merchant | null> {
    return this.kept(this.byTokenHash, apiTokenHash.toString('base64'), () =>
      this.store.findByTokenHash(apiTokenHash),
    );
  }

  create(settings: MerchantSettings & { code: string; apiTokenHash: Buffer }): Promise<Merchant> {
    return this.store.create(settings);
  }

  findByCode(code: string): Promise<Merchant | null> {
    return this.store.findByCode(code);
  }

  findById(id: number): Promise<Merchant | null> {
    return this.kept(this.byId, id, () => this.store.findById(id));
  }

  list(): Promise<Merchant[]> {
    return this.store.list();
  }

  async update(code: string, changes: Partial<MerchantSettings>): Promise<Merchant | null> {
    const updated = await this.store.update(code, changes);
    this.forgetAll();
    return updated;
  }

  async replaceTokenHash(code: string, apiTokenHash: Buffer): Promise<Merchant | null> {
    const updated = await this.store.replaceTokenHash(code, apiTokenHash);
    this.forgetAll();
    return updated;
  }

  /** The merchant kept under `key` while fresh; else read, and kept if found (a miss is never kept). */
  private async kept<Key>(
    map: Map<Key, { merchant: Merchant; until: number }>,
    key: Key,
    read: () => Promise<Merchant | null>,
  ): Promise<Merchant | null> {
    if (this.ttlMilliseconds === 0) return read();
    const kept = map.get(key);
    if (kept && kept.until > this.now()) return kept.merchant;
    const merchant = await read();
    if (merchant) {
      if (map.size >= 10_000) map.clear();
      map.set(key, { merchant, until: this.now() + this.ttlMilliseconds });
    } else {
      map.delete(key);
    }
    return merchant;
  }

  private forgetAll(): void {
    this.byTokenHash.clear();
    this.byId.clear();
  }
}
