import { describe, expect, it } from 'vitest';
import { HttpWebhookSender, RESPONSE_EXCERPT_BYTES } from '../../src/adapters/http/webhook-sender.ts';
import { startReceiver } from './support.ts';

const request = (url: string, extra: Partial<Parameters<HttpWebhookSender['send']>[0]> = {}) => ({
  url,
  body: '{"payment":"x.y.z"}',
  headers: {},
  strict: false,
  publicOnly: false,
  timeoutMs: 2000,
  ...extra,
});

describe('webhook sender', () => {
  it('connects to the address it checked, never resolving the name again (DNS rebinding)', async () => {
    const receiver = await startReceiver();
    const lookups: string[] = [];
    // `shop.invalid` cannot resolve through the system: only the checked, pinned address can be reached.
    const sender = new HttpWebhookSender(async (hostname) => {
      lookups.push(hostname);
      return ['127.0.0.1'];
    });
    const result = await sender.send(request(`http://shop.invalid:${receiver.port}/webhook`));
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(lookups).toEqual(['shop.invalid']);
    expect(receiver.received[0]?.headers.host).toBe(`shop.invalid:${receiver.port}`);
    expect(receiver.received[0]?.headers['content-type']).toBe('application/json');
    sender.close();
    await receiver.close();
  });

  it('refuses a private address over plain http when only public addresses are allowed (sandbox on the internet)', async () => {
    const receiver = await startReceiver();
    const sender = new HttpWebhookSender(async () => ['10.1.2.3']);
    const result = await sender.send(
      request(`http://shop.invalid:${receiver.port}/webhook`, { publicOnly: true }),
    );
    expect(result.statusCode).toBeNull();
    expect(result.error).toContain('private');
    expect(receiver.received).toHaveLength(0);
    sender.close();
    await receiver.close();
  });

  it('refuses before connecting when the checked address is loopback under the production rules', async () => {
    const receiver = await startReceiver();
    const sender = new HttpWebhookSender(async () => ['127.0.0.1']);
    const result = await sender.send(
      request(`https://shop.invalid:${receiver.port}/webhook`, { strict: true }),
    );
    expect(result.statusCode).toBeNull();
    expect(result.error).toContain('loopback');
    expect(receiver.received).toHaveLength(0);
    sender.close();
    await receiver.close();
  });

  it('keeps only the first bytes of an answer, and reads Retry-After', async () => {
    const receiver = await startReceiver((_n, response) => {
      response.statusCode = 429;
      response.setHeader('retry-after', '7');
      response.end('é'.repeat(2000));
    });
    const sender = new HttpWebhookSender();
    const result = await sender.send(request(receiver.url));
    expect(result.statusCode).toBe(429);
    expect(result.retryAfterHeader).toBe('7');
    expect(Buffer.byteLength(result.responseExcerpt ?? '')).toBeLessThanOrEqual(RESPONSE_EXCERPT_BYTES);
    expect(result.responseExcerpt?.startsWith('éé')).toBe(true);
    sender.close();
    await receiver.close();
  });

  it('gives up after the timeout and says so', async () => {
    const receiver = await startReceiver(() => {}); // never answers
    const sender = new HttpWebhookSender();
    const result = await sender.send(request(receiver.url, { timeoutMs: 300 }));
    expect(result.statusCode).toBeNull();
    expect(result.error).toContain('no answer within 300 ms');
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    sender.close();
    await receiver.close();
  });

  it('reports a refused connection as an error, not a throw', async () => {
    const probe = await startReceiver();
    const url = probe.url;
    await probe.close();
    const sender = new HttpWebhookSender();
    const result = await sender.send(request(url));
    expect(result).toMatchObject({ statusCode: null });
    expect(result.error).toContain('ECONNREFUSED');
    sender.close();
  });
});
