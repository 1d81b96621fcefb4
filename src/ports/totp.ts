/**
 * Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30-second steps), as authenticator apps make them,
 * for the operators' second factor. The adapter decides the library; use cases keep the secret sealed and
 * remember the last accepted step.
 *
 * @example
 *   const secret = totp.newSecret();                       // sealed before it is stored
 *   const uri = totp.enrolmentUri(secret, 'ana@tienda.cl'); // shown as a QR code
 *   const step = await totp.check(secret, '123456', lastStep); // null: wrong, or already used
 */
export interface TotpCodes {
  /** A new random secret (Base32, 160 bits). */
  newSecret(): string;
  /** The `otpauth://totp/...` URI an authenticator app reads from the QR code. */
  enrolmentUri(secret: string, account: string): string;
  /**
   * The time step the code belongs to, if it is the secret's code for now or one step either side (clocks
   * drift) and its step is later than `afterTimeStep`; otherwise null.
   */
  check(secret: string, code: string, afterTimeStep: number | null): Promise<number | null>;
}
