/** A payer's account as a bank lists it: enough to choose one and show it, never the full number. */
export interface BankAccount {
  /** The bank's own id for the account, used in `transfer`. */
  id: string;
  /** The account number's last four digits, the only part shown to the payer. */
  last4: string;
  /** e.g. "Cuenta Corriente", "Cuenta RUT", "Cuenta Vista". */
  type: string;
}

/** The second factor a bank asks for after the login. */
export type SecondFactorChallenge =
  | { kind: 'none' }
  | { kind: 'app' }
  | { kind: 'code'; length: number }
  /** Coordinate card: the payer types the values at these positions, e.g. ['A1', 'C4', 'E2']. */
  | { kind: 'coordinates'; positions: string[] };
