import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AttemptResult } from '../../domain/webhooks/delivery.ts';
import type { WebhookRequest, WebhookSender } from '../../ports/webhook-sender.ts';
import { type ResolveHost, resolveWebhookTarget, type WebhookTarget } from './webhook-target.ts';

/** How many bytes of an answer are kept for the operator. */
export const RESPONSE_EXCERPT_BYTES = 512;
/** Answers larger than this are cut off: a receiver cannot make a worker read forever. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Sends webhooks over HTTP(S), keeping connections alive between deliveries to the same receiver.
 * Never throws: every failure (refused address, DNS, connection, timeout) comes back as an attempt result.
 * Redirects are not followed (a 3xx is a failed attempt), so a receiver cannot bounce a webhook elsewhere.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly resolve?: ResolveHost) {}

  async send(request: WebhookRequest): Promise<AttemptResult> {
    const attemptedAt = new Date();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // The timeout covers the whole attempt, DNS included (the system resolver has no deadline of its own).
    let dnsTimer: NodeJS.Timeout | undefined;
    const target = await Promise.race([
      resolveWebhookTarget(request.url, {
        strict: request.strict,
        publicOnly: request.publicOnly,
        ...(this.resolve ? { resolve: this.resolve } : {}),
      }),
      new Promise<WebhookTarget>((resolve) => {
        dnsTimer = setTimeout(
          () =>
            resolve({ ok: false, permanent: false, reason: `DNS lookup took over ${request.timeoutMs} ms` }),
          request.timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(dnsTimer));
    if (!target.ok) {
      return {
        attemptedAt,
        statusCode: null,
        latencyMs: elapsed(),
        error: target.reason,
        responseExcerpt: null,
        permanentlyRefused: target.permanent,
      };
    }
    // Connect to the address that was checked, whatever the name resolves to by now.
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const secure = target.url.protocol === 'https:';
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<AttemptResult, 'attemptedAt' | 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ attemptedAt, latencyMs: elapsed(), ...result });
      };
      const outgoing = (secure ? https : http).request(
        target.url,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          lookup: pinned,
          headers: {
            ...request.headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(request.body)),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          let total = 0;
          response.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (kept < RESPONSE_EXCERPT_BYTES) {
              chunks.push(chunk.subarray(0, RESPONSE_EXCERPT_BYTES - kept));
              kept += Math.min(chunk.length, RESPONSE_EXCERPT_BYTES - kept);
            }
            if (total > MAX_RESPONSE_BYTES) response.destroy();
          });
          const done = (error: string | null) =>
            finish({
              statusCode: response.statusCode ?? null,
              error,
              responseExcerpt: Buffer.concat(chunks).toString('utf8'),
              retryAfterHeader: headerText(response.headers['retry-after']),
            });
          response.on('end', () => done(null));
          response.on('close', () => done(response.complete ? null : 'answer cut off'));
          response.on('error', () => {});
        },
      );
      // Timers run before I/O in Node's event loop: after a stall (a busy process), an answer may already be
      // waiting in the socket when the timer fires. One turn of the loop lets it in before judging.
      const timer = setTimeout(
        () => {
          setImmediate(() => outgoing.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
        },
        Math.max(1, request.timeoutMs - elapsed()),
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        finish({
          statusCode: null,
          error: error.code ? `${error.code}: ${error.message}` : error.message,
          responseExcerpt: null,
        });
      });
      outgoing.end(request.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
