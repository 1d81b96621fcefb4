import { generateSecret, generateURI, verify } from 'otplib';
import type { TotpCodes } from '../../ports/totp.ts';

/** Steps of 30 s either side of now that a code may belong to (a phone's clock a little off). */
const DRIFT_SECONDS = 30;

/** TOTP through `otplib` (RFC 6238 defaults: SHA-1, 6 digits, 30-second steps, what every app supports). */
export class OtplibTotp implements TotpCodes {
  constructor(private readonly issuer: string) {}

  newSecret(): string {
    return generateSecret({ length: 20 });
  }

  enrolmentUri(secret: string, account: string): string {
    return generateURI({ issuer: this.issuer, label: account, secret });
  }

  async check(secret: string, code: string, afterTimeStep: number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const result = await verify({
      secret,
      token: code,
      epochTolerance: DRIFT_SECONDS,
      ...(afterTimeStep === null ? {} : { afterTimeStep }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}
