import type { FunnelStep, FunnelView } from '../../domain/funnel.ts';
import type {
  BankCallRecord,
  PaymentFunnelStore,
  RecentRead,
  StepAlongside,
  StepWrite,
  TransferToCheck,
} from '../../ports/payment-funnel-store.ts';

interface Kept {
  view: FunnelView;
  until: number;
}

/** How long kept views live, and how many views drawn with forms are kept at most. */
export interface RecentViewLimits {
  /** A step's view, for the redirect that follows it (the browser follows a 303 within milliseconds). */
  stepMilliseconds: number;
  /** A page's view, for the post of one of its forms (a payer reads, types a RUT and a password). */
  formMilliseconds: number;
  /** Views kept for forms at most; the oldest go first (views nobody posted back for). */
  maxFormViews: number;
}

/**
 * Read-your-writes for the payer's next request. Every funnel form is post/redirect/get: the POST writes a
 * step, the GET that follows reads the session back to draw the next page, and the payer posts a form of
 * that page. What this process last wrote or read of a session is exactly what the database holds until
 * another write, so it is kept and handed to that next request instead of reading again: one database read
 * less at each redirect and at each post of a form that directs no money (a bank choice, a login, a second
 * factor, an account choice, a cancellation).
 *
 * - The view a written step left goes only to the redirect of the request that wrote it: that redirect names
 *   the version written (`?v=`, `afterStep`), within `stepMilliseconds` of the write.
 * - The view a page was drawn from (`drawsForms`) goes only to a post of one of its forms: the form names the
 *   version it was drawn at (`?f=`, `formOf`), within `formMilliseconds`. A GET never gets it, so a reload or
 *   the back button always draws what the database holds.
 *
 * A load naming no version or another one reads the database and drops what was kept: behind a load balancer
 * the redirect or the post may land on another instance, and the view kept here must not be handed to a
 * later request of that session, a step or more behind.
 *
 * Invariants: a kept view is handed out once, and only within its time to live; any other write to that
 * session through this store (a step that lost its race, transfer bookkeeping, the widget's origin) and any
 * fresh read by id forgets it. A change made by another process in that window is not seen by that one
 * read, as if the read had come a moment earlier (for a form: as if the payer had posted it then); nothing
 * is decided on it unchecked, since every step is written only at the version it was decided on, and a step
 * refused on such a view is decided again on a fresh read. What a post may still do on it before its step
 * is written is harmless: call the bank (a login, a second factor) for a payment another instance has since
 * moved on, whose step is then refused. The posts that direct money (the approval, a direct transfer, the
 * consent asked at an open-finance bank) do not name a drawn view: they read the merchant's collecting
 * account as it is now. `loadById`, the read the use cases make when they need the database's word, always
 * reads.
 */
export class RecentStepFunnelStore implements PaymentFunnelStore {
  /** Views left by steps, by session token, oldest first (an entry is deleted before it is set again). */
  private afterSteps = new Map<string, Kept>();
  /** Views pages were drawn from, by session token, oldest first. */
  private drawn = new Map<string, Kept>();
  private tokenOf = new Map<number, string>();

  constructor(
    private readonly store: PaymentFunnelStore,
    private readonly limits: RecentViewLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async load(sessionToken: string, recent: RecentRead = {}): Promise<FunnelView | null> {
    const afterStep = this.take(this.afterSteps, sessionToken, recent.afterStep);
    const drawn = this.take(this.drawn, sessionToken, recent.formOf);
    const view = afterStep ?? drawn ?? (await this.store.load(sessionToken));
    if (view && recent.drawsForms && this.limits.formMilliseconds > 0) {
      this.keep(this.drawn, view, this.limits.formMilliseconds, this.limits.maxFormViews);
    }
    return view;
  }

  async loadById(sessionId: number): Promise<FunnelView | null> {
    this.forget(sessionId);
    return this.store.loadById(sessionId);
  }

  async write(step: FunnelStep, alongside: StepAlongside): Promise<StepWrite> {
    this.forget(step.sessionId);
    const written = await this.store.write(step, alongside);
    if (written.written === 'applied' && this.limits.stepMilliseconds > 0) {
      this.keep(this.afterSteps, step.after, this.limits.stepMilliseconds, Number.POSITIVE_INFINITY);
    }
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
    return this.afterSteps.size + this.drawn.size;
  }

  /** The view kept in `kept` for that token if it is at the `named` version and fresh; dropped either way. */
  private take(kept: Map<string, Kept>, token: string, named: number | undefined): FunnelView | null {
    const entry = kept.get(token);
    if (!entry) return null;
    this.forget(entry.view.session.id);
    return entry.view.funnel.version === named && entry.until > this.now() ? entry.view : null;
  }

  private keep(kept: Map<string, Kept>, view: FunnelView, ttl: number, most: number): void {
    const now = this.now();
    this.forget(view.session.id);
    // Views nobody came back for (the payer left) go once stale or when too many: the oldest are first.
    for (const [token, entry] of kept) {
      if (entry.until > now && kept.size < most) break;
      kept.delete(token);
      this.tokenOf.delete(entry.view.session.id);
    }
    kept.set(view.session.token, { view, until: now + ttl });
    this.tokenOf.set(view.session.id, view.session.token);
  }

  private forget(sessionId: number): void {
    const token = this.tokenOf.get(sessionId);
    if (token === undefined) return;
    this.tokenOf.delete(sessionId);
    this.afterSteps.delete(token);
    this.drawn.delete(token);
  }
}
