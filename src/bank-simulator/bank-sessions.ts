import { randomBytes, randomInt } from 'node:crypto';
import { parseRut } from '../domain/rut.ts';
import { openPayerAccounts, type PayerAccount } from './accounts.ts';
import {
  type BankProfile,
  SANDBOX_CODE,
  SANDBOX_CODE_LENGTH,
  SANDBOX_COORDINATE_VALUES,
  SANDBOX_PASSWORD,
} from './bank-profiles.ts';
import type { ResolvedSimulatorOptions } from './options.ts';
import { type TestPayer, testPayerFor } from './test-payers.ts';

/** What the bank asks after login, as it goes on the simulator's wire. */
export type WireChallenge =
  | { type: 'none' }
  | { type: 'app' }
  | { type: 'otp'; length: number }
  | { type: 'coordinates'; positions: string[] };

export type WireFactorAnswer =
  | { type: 'none' }
  | { type: 'app' }
  | { type: 'otp'; code: string }
  | { type: 'coordinates'; values: string[] };

export type LoginAnswer =
  | { result: 'authenticated'; session_id: string; holder_name: string; second_factor: WireChallenge }
  | { result: 'invalid_credentials' }
  | { result: 'user_blocked' }
  | { result: 'unavailable' };

export type FactorAnswer =
  | 'approved'
  | 'waiting'
  | 'wrong_answer'
  | 'rejected'
  | 'expired'
  | 'session_expired'
  | 'type_mismatch';

export interface BankSession {
  id: string;
  payer: TestPayer;
  challenge: WireChallenge;
  factor: 'pending' | 'passed' | 'refused' | 'timed_out';
  wrongAnswers: number;
  createdAt: number;
  expiresAt: number;
}

/** Wrong codes or coordinates allowed before the bank refuses the second factor for this session. */
const MAX_WRONG_ANSWERS = 3;
const COORDINATE_ROWS = 'ABCDEFGHIJ';

/**
 * Logins, bank sessions and the second factor of one simulated bank. Passwords, codes and coordinates
 * are compared and dropped: nothing here keeps them.
 */
export class BankSessions {
  readonly #sessions = new Map<string, BankSession>();
  #lastSweep = 0;
  /** Accounts by holder RUT, opened on the payer's first login at this bank. */
  readonly accountsByRut = new Map<string, PayerAccount[]>();

  constructor(
    readonly profile: BankProfile,
    private readonly bankIndex: number,
    private readonly options: ResolvedSimulatorOptions,
  ) {}

  /**
   * Checks a RUT and password as this bank does (its own login, or its open-finance login page) and opens
   * the payer's accounts on their first visit. The password is compared and dropped.
   */
  checkCredentials(
    rutText: string,
    password: string,
  ): { result: 'ok'; payer: TestPayer } | { result: 'invalid_credentials' | 'user_blocked' | 'unavailable' } {
    const rut = parseRut(rutText);
    if (!rut) return { result: 'invalid_credentials' };
    const payer = testPayerFor(rut);
    if (payer.scenario === 'bank_unavailable') return { result: 'unavailable' };
    if (password !== SANDBOX_PASSWORD) return { result: 'invalid_credentials' };
    if (payer.scenario === 'blocked') return { result: 'user_blocked' };
    if (!this.accountsByRut.has(rut)) {
      this.accountsByRut.set(rut, openPayerAccounts(this.profile, this.bankIndex, payer));
    }
    return { result: 'ok', payer };
  }

  login(rutText: string, password: string, now: number): LoginAnswer {
    const checked = this.checkCredentials(rutText, password);
    if (checked.result !== 'ok') return { result: checked.result };
    const { payer } = checked;
    this.#sweepExpired(now);
    const challenge = this.#challenge();
    const session: BankSession = {
      id: randomBytes(24).toString('base64url'),
      payer,
      challenge,
      // A bank with no second factor lets the payer in at once, except the payers whose second factor
      // is meant to fail: they must still answer (`{ type: 'none' }`) to learn it.
      factor: challenge.type === 'none' && isOrdinaryFactor(payer) ? 'passed' : 'pending',
      wrongAnswers: 0,
      createdAt: now,
      expiresAt: now + this.options.sessionTtlMs,
    };
    this.#sessions.set(session.id, session);
    return {
      result: 'authenticated',
      session_id: session.id,
      holder_name: payer.holderName,
      second_factor: challenge,
    };
  }

  /** The open session with this id, or null when unknown or expired. */
  session(id: string, now: number): BankSession | null {
    const session = this.#sessions.get(id);
    if (!session) return null;
    if (session.expiresAt <= now) {
      this.#sessions.delete(id);
      return null;
    }
    return session;
  }

  verify(sessionId: string, answer: WireFactorAnswer, now: number): FactorAnswer {
    const session = this.session(sessionId, now);
    if (!session) return 'session_expired';
    if (answer.type !== session.challenge.type) return 'type_mismatch';
    if (session.factor === 'passed') return 'approved';
    if (session.factor === 'refused') return 'rejected';
    if (session.factor === 'timed_out') return 'expired';
    const decided = this.#decide(session, answer, now);
    if (decided === 'approved') session.factor = 'passed';
    if (decided === 'rejected') session.factor = 'refused';
    if (decided === 'expired') session.factor = 'timed_out';
    return decided;
  }

  accounts(session: Pick<BankSession, 'payer'>): PayerAccount[] {
    return this.accountsByRut.get(session.payer.rut) ?? [];
  }

  reset(): void {
    this.#sessions.clear();
    this.accountsByRut.clear();
  }

  #decide(session: BankSession, answer: WireFactorAnswer, now: number): FactorAnswer {
    if (now - session.createdAt > this.options.secondFactorTtlMs) return 'expired';
    const { scenario } = session.payer;
    if (answer.type === 'app') {
      // The payer's phone answers after the approval delay: approve, refuse, or never (timed out).
      if (now - session.createdAt < this.options.appApprovalDelayMs) return 'waiting';
      if (scenario === 'second_factor_refused') return 'rejected';
      if (scenario === 'second_factor_timed_out') return 'expired';
      return 'approved';
    }
    if (scenario === 'second_factor_refused') return 'rejected';
    if (scenario === 'second_factor_timed_out') return 'expired';
    if (answer.type === 'none') return 'approved';
    const correct =
      answer.type === 'otp'
        ? answer.code.trim() === SANDBOX_CODE
        : answer.values.length === SANDBOX_COORDINATE_VALUES.length &&
          answer.values.every((value, index) => value.trim() === SANDBOX_COORDINATE_VALUES[index]);
    if (correct) return 'approved';
    session.wrongAnswers += 1;
    return session.wrongAnswers >= MAX_WRONG_ANSWERS ? 'rejected' : 'wrong_answer';
  }

  #challenge(): WireChallenge {
    switch (this.profile.secondFactor) {
      case 'none':
        return { type: 'none' };
      case 'app':
        return { type: 'app' };
      case 'code':
        return { type: 'otp', length: SANDBOX_CODE_LENGTH };
      case 'coordinates': {
        const positions = new Set<string>();
        while (positions.size < 3) positions.add(`${COORDINATE_ROWS[randomInt(10)]}${randomInt(1, 6)}`);
        return { type: 'coordinates', positions: [...positions] };
      }
      default: {
        const exhaustive: never = this.profile.secondFactor;
        throw new Error(`unknown second factor ${String(exhaustive)}`);
      }
    }
  }

  /** Drops expired sessions at most once a minute, so a long-running sandbox does not grow without end. */
  #sweepExpired(now: number): void {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
  }
}

function isOrdinaryFactor(payer: TestPayer): boolean {
  return payer.scenario !== 'second_factor_refused' && payer.scenario !== 'second_factor_timed_out';
}
