import { describe, expect, it } from 'vitest';
import { resolveWebhookTarget } from '../../../src/adapters/http/webhook-target.ts';

const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe('webhook target rules', () => {
  it('in production, refuses a public name that resolves to a private or loopback address', async () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.5',
      '::1',
      '::ffff:127.0.0.1',
      'fd00::1',
      '169.254.169.254',
    ]) {
      const target = await resolveWebhookTarget('https://shop.example/hook', {
        strict: true,
        resolve: resolvesTo(address),
      });
      expect(target).toMatchObject({ ok: false, permanent: false });
      expect(!target.ok && target.reason).toContain(address);
    }
  });

  it('in production, refuses when any of the addresses is private', async () => {
    const target = await resolveWebhookTarget('https://shop.example/hook', {
      strict: true,
      resolve: resolvesTo('93.184.216.34', '10.0.0.1'),
    });
    expect(target.ok).toBe(false);
  });

  it('in production, refuses private IP literals, IPv6 ones included', async () => {
    for (const url of [
      'https://127.0.0.1/h',
      'https://[::1]/h',
      'https://[::ffff:7f00:1]/h',
      'https://0.0.0.0/h',
    ]) {
      expect((await resolveWebhookTarget(url, { strict: true })).ok).toBe(false);
    }
  });

  it('in production, refuses http for good, and accepts https to a public address, pinned', async () => {
    expect(await resolveWebhookTarget('http://shop.example/hook', { strict: true })).toMatchObject({
      ok: false,
      permanent: true,
    });
    expect(
      await resolveWebhookTarget('https://shop.example/hook', {
        strict: true,
        resolve: resolvesTo('93.184.216.34'),
      }),
    ).toMatchObject({ ok: true, address: '93.184.216.34', family: 4 });
  });

  it('in sandbox, allows localhost and http', async () => {
    expect(await resolveWebhookTarget('http://127.0.0.1:3000/hook', { strict: false })).toMatchObject({
      ok: true,
      address: '127.0.0.1',
    });
    expect((await resolveWebhookTarget('http://localhost:3000/hook', { strict: false })).ok).toBe(true);
  });

  it('never allows other schemes or credentials in the URL', async () => {
    expect((await resolveWebhookTarget('ftp://shop.example/x', { strict: false })).ok).toBe(false);
    expect((await resolveWebhookTarget('http://user:pw@127.0.0.1/x', { strict: false })).ok).toBe(false);
  });
});
