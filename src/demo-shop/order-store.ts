import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The shop's own view of an order; `paid` only ever comes from a verified notification. */
export type OrderStatus = 'pending' | 'paid' | 'failed' | 'cancelled' | 'expired';

export interface OrderSession {
  token: string;
  /** The key of this session's JWTs, kept server-side with the order (never sent to the browser). */
  signatureToken: string;
  createdAt: string;
}

export interface OrderEvent {
  /** How the shop heard: the webhook, the browser's redirect, or the widget's callback in the browser. */
  source: 'webhook' | 'redirect' | 'widget';
  paymentStatus: string;
  eventId: string | null;
  at: string;
}

export interface DemoOrder {
  id: string;
  productId: string;
  productName: string;
  amount: number;
  bankCode: string | null;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
  sessions: OrderSession[];
  events: OrderEvent[];
}

/** What a verified notification says, in the terms the store needs. */
export interface VerifiedPayment {
  sessionToken: string;
  merchantOrderId: string;
  orderAmount: number;
  paymentStatus: 'pending' | 'success' | 'error' | 'cancelled' | 'expired';
  userBankCode: string | null;
  eventId: string | null;
}

const STATUS_BY_PAYMENT: Record<VerifiedPayment['paymentStatus'], OrderStatus | null> = {
  pending: null,
  success: 'paid',
  error: 'failed',
  cancelled: 'cancelled',
  expired: 'expired',
};

/**
 * The demo shop's orders: the shop is a merchant application, not the gateway, so it keeps its own small
 * store, in memory or in one JSON file (written whole and renamed into place, so a crash never leaves half
 * a file). One process owns it; every operation is synchronous, so no two requests interleave inside one.
 */
export class DemoOrderStore {
  readonly #orders = new Map<string, DemoOrder>();

  constructor(readonly path: string | null = null) {
    if (path && existsSync(path)) {
      for (const order of JSON.parse(readFileSync(path, 'utf8')) as DemoOrder[])
        this.#orders.set(order.id, order);
    }
  }

  static newOrderId(now = new Date()): string {
    const day = now.toISOString().slice(0, 10).replaceAll('-', '');
    return `DEMO-${day}-${randomBytes(4).toString('hex').toUpperCase()}`;
  }

  create(order: Pick<DemoOrder, 'id' | 'productId' | 'productName' | 'amount' | 'bankCode'>): DemoOrder {
    const now = new Date().toISOString();
    const created: DemoOrder = {
      ...order,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      paidAt: null,
      sessions: [],
      events: [],
    };
    this.#orders.set(created.id, created);
    this.#save();
    return created;
  }

  addSession(orderId: string, session: Omit<OrderSession, 'createdAt'>): void {
    const order = this.#require(orderId);
    order.sessions.push({ ...session, createdAt: new Date().toISOString() });
    this.#save();
  }

  /** Forgets an order that never reached the gateway (its session could not be created). */
  remove(id: string): void {
    if (this.#orders.delete(id)) this.#save();
  }

  get(id: string): DemoOrder | null {
    return this.#orders.get(id) ?? null;
  }

  /** Newest first. */
  list(): DemoOrder[] {
    return [...this.#orders.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The signature token of one of our sessions, to verify a notification about it. */
  signatureTokenFor(sessionToken: unknown, orderId: unknown): string | null {
    if (typeof orderId !== 'string' || typeof sessionToken !== 'string') return null;
    return (
      this.#orders.get(orderId)?.sessions.find((session) => session.token === sessionToken)?.signatureToken ??
      null
    );
  }

  /**
   * Applies a verified notification. Only the webhook marks an order paid (it is the authoritative channel:
   * a browser may never come back); a verified redirect or widget callback can record a cancellation or failure, which is the
   * only news of a payer who cancelled before choosing a bank. A paid order stays paid whatever comes later;
   * an event seen before on the same channel (same `jti`: a webhook retry, a reloaded page) changes nothing.
   */
  applyPayment(payment: VerifiedPayment, source: OrderEvent['source']): DemoOrder {
    const order = this.#require(payment.merchantOrderId);
    if (payment.orderAmount !== order.amount) {
      throw new Error(`order ${order.id}: notified amount ${payment.orderAmount} is not ${order.amount}`);
    }
    const seen = order.events.some((event) => event.source === source && event.eventId === payment.eventId);
    if (payment.eventId && seen) return order;
    const now = new Date().toISOString();
    order.events.push({ source, paymentStatus: payment.paymentStatus, eventId: payment.eventId, at: now });
    const next = STATUS_BY_PAYMENT[payment.paymentStatus];
    if (next && order.status !== 'paid' && !(next === 'paid' && source !== 'webhook')) {
      order.status = next;
      if (next === 'paid') order.paidAt = now;
      if (payment.userBankCode) order.bankCode = payment.userBankCode;
    }
    order.updatedAt = now;
    this.#save();
    return order;
  }

  #require(id: string): DemoOrder {
    const order = this.#orders.get(id);
    if (!order) throw new Error(`unknown order ${id}`);
    return order;
  }

  #save(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.list(), null, 2), { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
