import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyNotification } from '../packages/sdk/src/index.ts';

export type ReceiverMode = 'ok' | 'fail' | 'hang';

/**
 * The merchant's webhook endpoint: verifies each JWT with the session's signature token (as a shop does with
 * the SDK) and records which final statuses arrived. It can be told to answer 500 or to never answer.
 */
export class WebhookReceiver {
  mode: ReceiverMode = 'ok';
  /** session token → its signature token, as the shop stored it from `session/initialize`. */
  readonly signatureTokens = new Map<string, string>();
  /** session token → statuses received (verified). */
  readonly received = new Map<string, Set<string>>();
  deliveries = 0;
  refused = 0;
  invalid = 0;
  private server: Server | null = null;
  private readonly hanging = new Set<IncomingMessage>();

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (this.mode === 'hang') {
          this.hanging.add(request);
          return;
        }
        if (this.mode === 'fail') {
          this.refused++;
          response.writeHead(500).end('down for maintenance');
          return;
        }
        void this.accept(Buffer.concat(chunks).toString('utf8')).then(
          () => response.writeHead(204).end(),
          () => {
            this.invalid++;
            response.writeHead(400).end('invalid notification');
          },
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
  }

  /** Ends the hung requests (the gateway gave up on them long ago) and answers normally again. */
  recover(): void {
    this.mode = 'ok';
    for (const request of this.hanging) request.socket.destroy();
    this.hanging.clear();
  }

  private async accept(body: string): Promise<void> {
    const payment = await verifyNotification(JSON.parse(body), (claims) =>
      this.signatureTokens.get(String(claims.session_token)),
    );
    this.deliveries++;
    const statuses = this.received.get(payment.sessionToken) ?? new Set<string>();
    statuses.add(payment.paymentStatus);
    this.received.set(payment.sessionToken, statuses);
  }

  async close(): Promise<void> {
    this.recover();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
