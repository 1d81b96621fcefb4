import http from 'node:http';
import https from 'node:https';

/** What came back from one HTTP call to a bank: an answer with a status and a JSON body, or nothing usable. */
export type BankReply =
  | { kind: 'answer'; status: number; body: unknown }
  | { kind: 'no_answer'; why: string };

// Connections to a bank are kept open between calls: a payment makes several, and so do concurrent payers.
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/**
 * One JSON call to a bank over HTTP with a deadline that covers the whole exchange, body included.
 * Timeouts, dropped connections and bodies that are not JSON all become `no_answer`: the caller decides
 * what that means for its operation. The request body may hold a password or a code, so it is never part
 * of what this returns or throws.
 */
export function sendToBank(
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown; session?: string; timeoutMs: number },
): Promise<BankReply> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  if (init.session !== undefined) headers.authorization = `Bearer ${init.session}`;

  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    const settle = (reply: BankReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const noAnswer = () => settle({ kind: 'no_answer', why: timedOut ? 'timeout' : 'connection failed' });
    const request = transport.request(
      target,
      { method: init.method, headers, agent: AGENTS[target.protocol === 'https:' ? 'https:' : 'http:'] },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', noAnswer);
        response.on('close', () => {
          if (!response.complete) return noAnswer();
          const status = response.statusCode ?? 0;
          try {
            settle({ kind: 'answer', status, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch {
            settle({ kind: 'no_answer', why: `unreadable answer (HTTP ${status})` });
          }
        });
      },
    );
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy();
      noAnswer();
    }, init.timeoutMs);
    request.on('error', noAnswer);
    request.end(body);
  });
}
