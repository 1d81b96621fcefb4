/** What came back from one HTTP call to a bank: an answer with a status and a JSON body, or nothing usable. */
export type BankReply =
  | { kind: 'answer'; status: number; body: unknown }
  | { kind: 'no_answer'; why: string };

/**
 * One JSON call to a bank over HTTP with a deadline. Timeouts, dropped connections and bodies that are not
 * JSON all become `no_answer`: the caller decides what that means for its operation. The request body
 * may hold a password or a code, so it is never part of what this returns or throws.
 */
export async function callBank(
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown; session?: string; timeoutMs: number },
): Promise<BankReply> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.session !== undefined) headers.authorization = `Bearer ${init.session}`;
  try {
    const response = await fetch(url, {
      method: init.method,
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    const text = await response.text();
    try {
      return { kind: 'answer', status: response.status, body: JSON.parse(text) };
    } catch {
      return { kind: 'no_answer', why: `unreadable answer (HTTP ${response.status})` };
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return { kind: 'no_answer', why: name === 'TimeoutError' ? 'timeout' : 'connection failed' };
  }
}
