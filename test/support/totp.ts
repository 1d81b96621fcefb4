import { setTimeout as sleep } from 'node:timers/promises';
import { generate } from 'otplib';

/**
 * An authenticator app for tests: the code of the current 30-second step, or of the next one when the
 * current step was already used (Puente accepts a step once and allows one step of drift), waiting for the
 * clock when even that one is used.
 */
export class TestAuthenticator {
  private lastStep = 0;

  constructor(readonly secret: string) {}

  async code(): Promise<string> {
    for (;;) {
      const now = Math.floor(Date.now() / 1000 / 30);
      const step = Math.max(now, this.lastStep + 1);
      if (step <= now + 1) {
        this.lastStep = step;
        return generate({ secret: this.secret, epoch: step * 30 });
      }
      await sleep(1000);
    }
  }
}

/** The TOTP secret an enrolment page shows as text for manual entry. */
export function secretIn(page: string): string {
  const match = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(page);
  if (!match?.[1]) throw new Error('no TOTP secret in the page');
  return match[1];
}

/** The recovery codes the page shows once after enrolment. */
export function recoveryCodesIn(page: string): string[] {
  return [...page.matchAll(/<li><code>([0-9A-Z-]+)<\/code><\/li>/g)].map((match) => match[1] ?? '');
}
