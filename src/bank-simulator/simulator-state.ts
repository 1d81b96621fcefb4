import type { BankCode } from '../domain/banks.ts';
import { BANK_PROFILES, type BankProfile } from './bank-profiles.ts';
import { BankSessions } from './bank-sessions.ts';
import { BankTransfers } from './bank-transfers.ts';
import { type Faults, NO_FAULTS } from './faults.ts';
import { Ledger } from './ledger.ts';
import type { ResolvedSimulatorOptions } from './options.ts';

export interface SimulatedBank {
  profile: BankProfile;
  sessions: BankSessions;
  transfers: BankTransfers;
  faults: Faults;
}

/** Everything the simulator knows, in memory: the eight banks and their shared ledger. */
export class SimulatorState {
  readonly ledger = new Ledger();
  readonly banks: Map<BankCode, SimulatedBank>;

  constructor(readonly options: ResolvedSimulatorOptions) {
    this.banks = new Map(
      BANK_PROFILES.map((profile, index) => {
        const sessions = new BankSessions(profile, index, options);
        const transfers = new BankTransfers(sessions, this.ledger, options);
        return [profile.code, { profile, sessions, transfers, faults: NO_FAULTS }];
      }),
    );
  }

  bank(code: string): SimulatedBank | null {
    return this.banks.get(code as BankCode) ?? null;
  }

  /** Forgets every session, account, transfer, ledger entry and fault. */
  reset(): void {
    this.ledger.reset();
    for (const bank of this.banks.values()) {
      bank.sessions.reset();
      bank.transfers.reset();
      bank.faults = NO_FAULTS;
    }
  }
}
