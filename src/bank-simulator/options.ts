/** How the simulated banks behave in time. Every delay is configurable so tests and benches can shorten it. */
export interface BankSimulatorOptions {
  /** How long after login an app approval (BancoEstado, BCI) is granted or refused. Default 2 s. */
  appApprovalDelayMs?: number;
  /** How long a `pending` transfer (test payer 55.555.555-5) waits before it is confirmed. Default 5 s. */
  pendingConfirmationDelayMs?: number;
  /** How long a bank session stays open after login. Default 15 min. */
  sessionTtlMs?: number;
  /** How long a second-factor challenge stays open before it times out for anyone. Default 5 min. */
  secondFactorTtlMs?: number;
  /** How long an access token a payer grants at a model bank lives (open finance). Default 10 min. */
  accessTokenTtlMs?: number;
  /** Longest time a call "hung" by fault injection is held before the simulator answers 504. Default 30 s. */
  maxHangMs?: number;
  /**
   * Serve https, as a real bank would, with mutual TLS on the back channel: every call to a model bank's
   * authorisation server (but its browser-facing authorisation endpoint) and payment API must present a
   * client certificate issued by `clientCa`. Off by default (the sandbox speaks http on loopback).
   */
  tls?: { key: string; cert: string; clientCa: string };
  /** Fastify logging. Off by default (tests); the CLI turns it on. Bodies are never logged. */
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
}

export type ResolvedSimulatorOptions = Required<Omit<BankSimulatorOptions, 'logger' | 'tls'>>;

export function resolveSimulatorOptions(options: BankSimulatorOptions): ResolvedSimulatorOptions {
  return {
    appApprovalDelayMs: options.appApprovalDelayMs ?? 2_000,
    pendingConfirmationDelayMs: options.pendingConfirmationDelayMs ?? 5_000,
    sessionTtlMs: options.sessionTtlMs ?? 15 * 60_000,
    secondFactorTtlMs: options.secondFactorTtlMs ?? 5 * 60_000,
    maxHangMs: options.maxHangMs ?? 30_000,
    accessTokenTtlMs: options.accessTokenTtlMs ?? 10 * 60_000,
  };
}

/** For benches: app approvals granted and pending transfers confirmed at once (no fault is set by default). */
export const ZERO_DELAYS: BankSimulatorOptions = { appApprovalDelayMs: 0, pendingConfirmationDelayMs: 0 };
