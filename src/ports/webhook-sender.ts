import type { AttemptResult } from '../domain/webhooks/delivery.ts';

export interface WebhookRequest {
  url: string;
  /** The exact body bytes: `{"payment":"<JWT>"}`. */
  body: string;
  headers: Record<string, string>;
  /** Production rules: https only, public addresses only (docs/webhooks.md). */
  strict: boolean;
  /** Public addresses only, whatever the scheme (a sandbox deployment that is not local development). */
  publicOnly: boolean;
  timeoutMs: number;
}

/**
 * Sends one webhook attempt. Never throws: every failure (refused address, DNS, connection, timeout, a non-2xx
 * answer) comes back as an attempt result, which the delivery use case records and schedules from.
 *
 * @example
 *   const result = await sender.send({
 *     url: 'https://shop.example/webhook',
 *     body: JSON.stringify({ payment: jwt }),
 *     headers: { 'puente-event-id': jti },
 *     strict: true,
 *     publicOnly: true,
 *     timeoutMs: 15_000,
 *   });
 *   if (result.statusCode !== null && result.statusCode < 300) console.log('delivered');
 */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<AttemptResult>;
  /** Frees what the sender keeps between attempts (kept-alive connections); called when its worker stops. */
  close(): void;
}
