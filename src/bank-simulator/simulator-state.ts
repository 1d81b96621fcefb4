import type { BankCode } from '../domain/banks.ts';
import { BANK_PROFILES, type BankProfile } from './bank-profiles.ts';
import { BankSessions } from './bank-sessions.ts';
import { BankTransfers } from './bank-transfers.ts';
import { type Faults, NO_FAULTS } from './faults.ts';
import { Ledger } from './ledger.ts';
import { AuthorizationServers } from './open-finance/authorization-server.ts';
import { PaymentConsents } from './open-finance/payment-consents.ts';
import type { ResolvedSimulatorOptions } from './options.ts';

export interface SimulatedBank {
  profile: BankProfile;
  sessions: BankSessions;
  transfers: BankTransfers;
  faults: Faults;
  /** Its open-finance face: payment consents and domestic payments (same transfers, same ledger). */
  consents: PaymentConsents;
}

/** Everything the simulator knows, in memory: the eight banks and their shared ledger. */
export class SimulatorState {
  readonly ledger = new Ledger();
  /** The model banks' authorisation servers (one per bank) and the clients registered with them. */
  readonly authorizationServers: AuthorizationServers;
  readonly banks: Map<BankCode, SimulatedBank>;

  constructor(readonly options: ResolvedSimulatorOptions) {
    this.authorizationServers = new AuthorizationServers({
      accessTokenSeconds: Math.max(1, Math.round(options.accessTokenTtlMs / 1000)),
    });
    this.banks = new Map(
      BANK_PROFILES.map((profile, index) => {
        const sessions = new BankSessions(profile, index, options);
        const transfers = new BankTransfers(sessions, this.ledger, options);
        const consents = new PaymentConsents({ sessions, transfers });
        return [profile.code, { profile, sessions, transfers, faults: NO_FAULTS, consents }];
      }),
    );
  }

  bank(code: string): SimulatedBank | null {
    return this.banks.get(code as BankCode) ?? null;
  }

  /** Forgets every session, account, transfer, consent, code, token, ledger entry and fault (not clients). */
  reset(): void {
    this.ledger.reset();
    this.authorizationServers.reset();
    for (const bank of this.banks.values()) {
      bank.sessions.reset();
      bank.transfers.reset();
      bank.consents.reset();
      bank.faults = NO_FAULTS;
    }
  }
}
