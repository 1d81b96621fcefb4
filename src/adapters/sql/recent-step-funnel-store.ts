import type { FunnelStep, FunnelView } from '../../domain/funnel.ts';
import type {
  BankCallRecord,
  PaymentFunnelStore,
  StepAlongside,
  StepWrite,
  TransferToCheck,
} from '../../ports/payment-funnel-store.ts';

interface Kept {
  view: FunnelView;
  until: number;
}

/**
 * Read-your-writes for the payer's redirect. Every funnel form is post/redirect/get: the POST writes a step
 * and the GET that follows reads the session back to draw the next page. The view a written step left is
 * exactly what the database holds once the write is applied (the write is all or nothing, at the version it
 * was decided on), so this process keeps it and hands it to the redirect's `load` instead of reading it
 * again: one database read less per step of every payment.
 *
 * Only the redirect of the request that wrote the step gets it: that redirect names the version the step
 * wrote (`?v=`, `load`'s `afterStep`), and a load naming no version or another one reads the database and
 * drops what was kept. Behind a load balancer the redirect may land on another instance, and the view kept
 * here would otherwise be handed to a later request of that session, one or more steps behind.
 *
 * Invariants: a kept view is handed out once, and only within `ttlMilliseconds` of its write; any other
 * write to that session through this store (a step that lost its race, transfer bookkeeping, the widget's
 * origin) and any fresh read by id forgets it. A change made by another process in that window is not seen
 * by that one read, as if the read had come a moment earlier; nothing is decided on it unchecked, since every
 * step is written only at the version it was decided on. `loadById`, the read the use cases make when they
 * need the database's word, always reads.
 */
export class RecentStepFunnelStore implements PaymentFunnelStore {
  /** By session token, oldest first (an entry is deleted before it is set again). */
  private byToken = new Map<string, Kept>();
  private tokenOf = new Map<number, string>();

  constructor(
    private readonly store: PaymentFunnelStore,
    private readonly ttlMilliseconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async load(sessionToken: string, afterStep?: number): Promise<FunnelView | null> {
    const kept = this.byToken.get(sessionToken);
    if (kept) {
      this.forget(kept.view.session.id);
      if (kept.view.funnel.version === afterStep && kept.until > this.now()) return kept.view;
    }
    return this.store.load(sessionToken);
  }

  async loadById(sessionId: number): Promise<FunnelView | null> {
    this.forget(sessionId);
    return this.store.loadById(sessionId);
  }

  async write(step: FunnelStep, alongside: StepAlongside): Promise<StepWrite> {
    this.forget(step.sessionId);
    const written = await this.store.write(step, alongside);
    if (written.written === 'applied' && this.ttlMilliseconds > 0) this.keep(step.after);
    return written;
  }

  async updateTransfer(
    sessionId: number,
    changes: Parameters<PaymentFunnelStore['updateTransfer']>[1],
  ): Promise<void> {
    this.forget(sessionId);
    await this.store.updateTransfer(sessionId, changes);
  }

  recordBankCall(entry: BankCallRecord): Promise<void> {
    return this.store.recordBankCall(entry);
  }

  async rememberWidgetOrigin(sessionId: number, origin: string): Promise<void> {
    this.forget(sessionId);
    await this.store.rememberWidgetOrigin(sessionId, origin);
  }

  leaseTransfersToCheck(limit: number, leaseSeconds: number): Promise<TransferToCheck[]> {
    return this.store.leaseTransfersToCheck(limit, leaseSeconds);
  }

  findExpiredSessions(limit: number): Promise<number[]> {
    return this.store.findExpiredSessions(limit);
  }

  /** How many views are kept now (the tests read it). */
  get size(): number {
    return this.byToken.size;
  }

  private keep(view: FunnelView): void {
    const now = this.now();
    // Views nobody came back for (the payer left) go once stale: the oldest are first in the map.
    for (const [token, kept] of this.byToken) {
      if (kept.until > now) break;
      this.byToken.delete(token);
      this.tokenOf.delete(kept.view.session.id);
    }
    this.byToken.set(view.session.token, { view, until: now + this.ttlMilliseconds });
    this.tokenOf.set(view.session.id, view.session.token);
  }

  private forget(sessionId: number): void {
    const token = this.tokenOf.get(sessionId);
    if (token === undefined) return;
    this.tokenOf.delete(sessionId);
    this.byToken.delete(token);
  }
}
