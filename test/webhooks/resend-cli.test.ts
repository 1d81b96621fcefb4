import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openServices } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { TEST_SECRET_KEY } from '../support/services.ts';
import { gatewayStorage, makeFinalPayment } from './support.ts';

const run = promisify(execFile);
const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

describe('puente webhook resend', () => {
  it('requeues failed deliveries, one delivery, or a session, with the same event', async () => {
    const storage = await gatewayStorage();
    const env = { ...process.env, ...storage.env, PUENTE_SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent' };
    try {
      // A delivery to a closed port, failed after its single attempt.
      const services = await openServices(loadConfig(env));
      const payment = await makeFinalPayment(services, { webhookUrl: 'http://127.0.0.1:9/webhook' });
      const [delivery] = await services.webhookDeliveries.listBySession(payment.session.token);
      if (!delivery) throw new Error('no delivery');
      const [claim] = await services.webhookDeliveries.claimDue(10, 60_000);
      if (!claim) throw new Error('nothing claimed');
      await services.webhookDeliveries.recordAttempt(
        claim,
        {
          attemptedAt: new Date(),
          statusCode: null,
          latencyMs: 1,
          error: 'ECONNREFUSED',
          responseExcerpt: null,
        },
        { status: 'failed', reason: 'exhausted' },
      );
      await services.close();

      const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', MAIN, ...args], { env });
      const failed = JSON.parse((await cli('webhook', 'resend', '--failed', '--json')).stdout) as {
        delivery_id: number;
        status: string;
        jti: string;
      }[];
      expect(failed).toEqual([
        expect.objectContaining({ delivery_id: delivery.id, status: 'pending', jti: delivery.jti }),
      ]);
      expect((await cli('webhook', 'resend', String(delivery.id))).stdout).toContain(`#${delivery.id}`);
      const bySession = JSON.parse(
        (await cli('webhook', 'resend', '--session', payment.session.token, '--json')).stdout,
      ) as unknown[];
      expect(bySession).toHaveLength(1);
      await expect(cli('webhook', 'resend', '999999')).rejects.toMatchObject({
        stderr: expect.stringContaining('does not exist'),
      });
      await expect(cli('webhook', 'resend')).rejects.toMatchObject({
        stderr: expect.stringContaining('exactly one'),
      });
    } finally {
      await storage.close();
    }
  }, 120_000);
});
