import type { BankCode } from '../../domain/banks.ts';
import type {
  AccountsResult,
  BankConnector,
  LoginResult,
  SecondFactorAnswer,
  SecondFactorResult,
  StatementEntry,
  TransferOrder,
  TransferResult,
} from '../../ports/bank-connector.ts';
import { type BankReply, sendToBank } from './bank-call.ts';
import { BankProtocolError, BankUnavailableError } from './bank-errors.ts';
import {
  accountsAnswer,
  errorAnswer,
  loginAnswer,
  secondFactorAnswer,
  statementAnswer,
  transferAnswer,
  transferFound,
  type WireTransfer,
} from './sandbox-wire.ts';

export interface SandboxBankConnectorOptions {
  /** The bank simulator's base URL, e.g. `http://127.0.0.1:8081`. */
  baseUrl: string;
  /** Deadline of each call; past it the call counts as unanswered. */
  timeoutMs: number;
}

const UNAVAILABLE = { outcome: 'unavailable' } as const;
const UNKNOWN = { status: 'unknown' } as const;

/**
 * One sandbox bank over HTTP to the bank simulator. All mapping of the simulator's answers into the port's
 * outcomes happens here. A `transfer` or `transferStatus` answer that cannot be classified — timeout,
 * dropped connection, 5xx, unexpected body or status — is `unknown`, never success.
 */
export class SandboxBankConnector implements BankConnector {
  readonly #base: string;

  constructor(
    readonly bankCode: BankCode,
    private readonly options: SandboxBankConnectorOptions,
  ) {
    this.#base = `${options.baseUrl.replace(/\/+$/, '')}/banks/${bankCode}`;
  }

  async login(input: { rut: string; password: string }): Promise<LoginResult> {
    const reply = await this.#call('POST', '/login', { body: { rut: input.rut, password: input.password } });
    const answer = this.#okBody(reply, loginAnswer);
    if (!answer) return UNAVAILABLE;
    switch (answer.result) {
      case 'invalid_credentials':
        return { outcome: 'wrong_password' };
      case 'user_blocked':
        return { outcome: 'blocked' };
      case 'authenticated': {
        const factor = answer.second_factor;
        const challenge =
          factor.type === 'otp'
            ? { kind: 'code' as const, length: factor.length }
            : factor.type === 'coordinates'
              ? { kind: 'coordinates' as const, positions: factor.positions }
              : { kind: factor.type };
        return { outcome: 'ok', handle: answer.session_id, challenge, holderName: answer.holder_name };
      }
      default: {
        const exhaustive: never = answer;
        return exhaustive;
      }
    }
  }

  async verifySecondFactor(handle: string, answer: SecondFactorAnswer): Promise<SecondFactorResult> {
    const body =
      answer.kind === 'code'
        ? { type: 'otp', code: answer.code }
        : answer.kind === 'coordinates'
          ? { type: 'coordinates', values: answer.values }
          : { type: answer.kind };
    const reply = await this.#call('POST', '/second-factor', { body, session: handle });
    const parsed = this.#okBody(reply, secondFactorAnswer);
    if (!parsed) return UNAVAILABLE;
    switch (parsed.result) {
      case 'approved':
        return { outcome: 'passed' };
      case 'waiting':
      case 'wrong_answer':
      case 'session_expired':
        return { outcome: parsed.result };
      case 'rejected':
        return { outcome: 'refused' };
      case 'expired':
        return { outcome: 'timed_out' };
      default: {
        const exhaustive: never = parsed.result;
        return exhaustive;
      }
    }
  }

  async listAccounts(handle: string): Promise<AccountsResult> {
    const reply = await this.#call('GET', '/accounts', { session: handle });
    const answer = this.#okBody(reply, accountsAnswer);
    if (!answer) return UNAVAILABLE;
    if (answer.result === 'session_expired') return { outcome: 'session_expired' };
    return {
      outcome: 'ok',
      accounts: answer.accounts.map((account) => ({
        id: account.id,
        last4: account.number.slice(-4),
        type: account.type,
      })),
    };
  }

  async transfer(order: TransferOrder): Promise<TransferResult> {
    const reply = await this.#call('POST', '/transfers', {
      session: order.handle,
      body: {
        account_id: order.accountId,
        amount: order.amount,
        currency: 'CLP',
        // The simulator credits the account at the recipient's bank, as an interbank transfer does.
        recipient: {
          bank: order.recipient.bankCode,
          account_type: order.recipient.accountType,
          account: order.recipient.accountNumber,
          name: order.recipient.holderName,
          rut: order.recipient.holderRut,
        },
        idempotency_key: order.idempotencyKey,
        description: order.description,
      },
    });
    if (reply.kind === 'answer' && reply.status === 409) {
      const error = errorAnswer.safeParse(reply.body);
      if (error.success && error.data.error === 'idempotency_conflict') {
        throw new BankProtocolError(
          this.bankCode,
          'idempotency_conflict',
          'the idempotency key was already used for a different transfer',
        );
      }
    }
    if (reply.kind === 'answer' && reply.status === 422) {
      // The account is not the session holder's: the bank did nothing.
      const error = errorAnswer.safeParse(reply.body);
      if (error.success && error.data.error === 'unknown_account')
        return { status: 'rejected', reason: 'rejected' };
    }
    const answer = this.#okBody(reply, transferAnswer);
    if (!answer) return UNKNOWN;
    // The bank session ended before the order: nothing was executed or recorded under the key.
    if (answer.result === 'session_expired') return { status: 'rejected', reason: 'rejected' };
    return toTransferResult(answer.transfer, order);
  }

  async transferStatus(idempotencyKey: string): Promise<TransferResult | { status: 'not_found' }> {
    const reply = await this.#call('GET', `/transfers/${encodeURIComponent(idempotencyKey)}`, {});
    if (reply.kind === 'answer' && reply.status === 404) {
      // Only the bank's own "no such transfer" counts: a 404 from a wrong URL or a proxy proves nothing.
      const error = errorAnswer.safeParse(reply.body);
      return error.success && error.data.error === 'transfer_not_found' ? { status: 'not_found' } : UNKNOWN;
    }
    const answer = this.#okBody(reply, transferFound);
    if (!answer || answer.transfer.idempotency_key !== idempotencyKey) return UNKNOWN;
    return toTransferResult(answer.transfer);
  }

  async statement(recipientAccount: string): Promise<StatementEntry[]> {
    const reply = await this.#call('GET', `/statement?account=${encodeURIComponent(recipientAccount)}`, {});
    const answer = this.#okBody(reply, statementAnswer);
    if (!answer) {
      throw new BankUnavailableError(
        this.bankCode,
        reply.kind === 'no_answer' ? reply.why : 'unexpected answer',
      );
    }
    return answer.entries.map((entry) => ({
      bankReference: entry.reference,
      idempotencyKey: entry.idempotency_key,
      amount: entry.amount,
      payerRut: entry.payer_rut,
      description: entry.description,
      bookedAt: new Date(entry.booked_at),
    }));
  }

  #call(
    method: 'GET' | 'POST',
    path: string,
    init: { body?: unknown; session?: string },
  ): Promise<BankReply> {
    return sendToBank(`${this.#base}${path}`, { method, ...init, timeoutMs: this.options.timeoutMs });
  }

  /**
   * The body of a 200 answer that matches the schema, or null for anything else. A 400 means this adapter
   * sent something the bank refuses to read: a fault in our code, thrown.
   */
  #okBody<T>(
    reply: BankReply,
    schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  ): T | null {
    if (reply.kind !== 'answer') return null;
    if (reply.status === 400) {
      throw new BankProtocolError(
        this.bankCode,
        'invalid_request',
        'the bank refused the request as malformed',
      );
    }
    if (reply.status !== 200) return null;
    const parsed = schema.safeParse(reply.body);
    return parsed.success ? parsed.data : null;
  }
}

/**
 * The one place the simulator's transfer statuses become the port's. Anything unrecognised, or an answer
 * about another transfer than the one sent, is `unknown`: the caller then asks `transferStatus`.
 */
export function toTransferResult(transfer: WireTransfer, sent?: TransferOrder): TransferResult {
  if (sent && (transfer.idempotency_key !== sent.idempotencyKey || transfer.amount !== sent.amount))
    return UNKNOWN;
  switch (transfer.status) {
    case 'completed':
      return transfer.reference ? { status: 'completed', bankReference: transfer.reference } : UNKNOWN;
    case 'pending':
      return { status: 'pending', bankReference: transfer.reference };
    case 'rejected':
      switch (transfer.reason) {
        case 'insufficient_funds':
          return { status: 'rejected', reason: 'insufficient_funds' };
        case 'daily_limit_exceeded':
          return { status: 'rejected', reason: 'over_daily_limit' };
        case 'account_blocked':
          return { status: 'rejected', reason: 'account_blocked' };
        default:
          return { status: 'rejected', reason: 'rejected' };
      }
    default:
      return UNKNOWN;
  }
}
