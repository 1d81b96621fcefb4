import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

/**
 * What a payer does at each step of `walkPayment`.
 */
export interface PayerScript {
  bank: string;
  rut: string;
  password?: string;
  code?: string;
  coordinates?: string[];
  /** Which account to pick when the bank lists several (index), default the first. */
  accountIndex?: number;
  /** Stop at the confirmation page instead of approving (exactly-once tests approve themselves). */
  stopAtConfirmation?: boolean;
}

export interface HttpAnswer {
  status: number;
  location: string | null;
  body: string;
  /** The `Refresh` header of a page that reloads itself (`2; url=/session/...`), if any. */
  refresh: string | null;
  /** The `Set-Cookie` headers of the answer. */
  setCookies: string[];
}

/**
 * A payer's browser reduced to HTTP: cookies, CSRF tokens read from the page, forms posted as
 * `application/x-www-form-urlencoded`, redirects followed by hand. Used by the HTTP tests and the bench.
 */
export class FunnelClient {
  /** The browser's cookies by name (one origin; paths are not told apart: every cookie is sent). */
  readonly cookies = new Map<string, string>();

  get cookie(): string | null {
    return this.cookies.size === 0
      ? null
      : [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private sent = 0;

  /** Several base URLs are instances of one deployment: requests take turns over them. */
  constructor(readonly baseUrl: string | readonly string[]) {}

  async get(path: string): Promise<HttpAnswer> {
    return this.send(path, { method: 'GET' });
  }

  async post(path: string, fields: Record<string, string | string[]>): Promise<HttpAnswer> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    return this.send(path, {
      method: 'POST',
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** A merchant's server call (`POST /session/initialize`): a JSON body. */
  async postJson(path: string, value: unknown): Promise<HttpAnswer> {
    return this.send(path, {
      method: 'POST',
      body: JSON.stringify(value),
      headers: { 'content-type': 'application/json' },
    });
  }

  private send(
    path: string,
    init: { method: 'GET' | 'POST'; body?: string; headers?: Record<string, string> },
  ): Promise<HttpAnswer> {
    const bases = typeof this.baseUrl === 'string' ? [this.baseUrl] : this.baseUrl;
    const base = bases[this.sent++ % bases.length] ?? '';
    const headers: http.OutgoingHttpHeaders = { ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    // node:http rather than fetch: the bench drives thousands of requests a second from the same two cores
    // as the gateway, and a lighter client leaves more of them to what is measured.
    return new Promise((resolve, reject) => {
      const request = http.request(
        new URL(path, base),
        { method: init.method, headers, agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const setCookies = response.headers['set-cookie'] ?? [];
            for (const line of setCookies) {
              const [pair = ''] = line.split(';');
              const index = pair.indexOf('=');
              const name = pair.slice(0, index);
              if (/;\s*Max-Age=0/i.test(line)) this.cookies.delete(name);
              else this.cookies.set(name, pair.slice(index + 1));
            }
            const location = response.headers.location;
            const refresh = response.headers.refresh;
            resolve({
              refresh: typeof refresh === 'string' ? refresh : null,
              setCookies,
              status: response.statusCode ?? 0,
              location: typeof location === 'string' ? location : null,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      request.on('error', reject);
      request.end(init.body);
    });
  }
}

export function csrfOf(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

export function formAction(page: string, action: string): string | null {
  const match = new RegExp(`action="(/session/[A-Za-z0-9]+/${action}\\?[^"]*)"`).exec(page);
  // As a browser reads the attribute: `&amp;` between the query's fields is `&`.
  return match?.[1]?.replaceAll('&amp;', '&') ?? null;
}

export interface WalkResult {
  /** Where the browser was finally sent outside the funnel (the merchant's URL with `jwt=`), if anywhere. */
  redirect: string | null;
  /** The last funnel page shown. */
  page: string;
  status: number;
}

/** Walks a payment from `path` (usually `/session/{token}`) as the script says, until it leaves the funnel. */
export async function walkPayment(
  client: FunnelClient,
  path: string,
  script: PayerScript,
): Promise<WalkResult> {
  let answer = await client.get(path);
  for (let step = 0; step < 200; step++) {
    if (answer.status === 303 && answer.location) {
      if (!answer.location.startsWith('/')) return { redirect: answer.location, page: '', status: 303 };
      answer = await client.get(answer.location);
      continue;
    }
    const page = answer.body;
    const post = async (action: string, fields: Record<string, string | string[]>) => {
      const target = formAction(page, action);
      if (!target) throw new Error(`no ${action} form`);
      answer = await client.post(target, { csrf: csrfOf(page), ...fields });
    };
    if (answer.status !== 200) return { redirect: null, page, status: answer.status };
    if (formAction(page, 'login')) {
      await post('login', { rut: script.rut, password: script.password ?? '1234' });
    } else if (formAction(page, 'bank') && !page.includes('role="alert"')) {
      await post('bank', { bank: script.bank });
    } else if (formAction(page, 'second-factor')) {
      const kind = /name="kind" value="(\w+)"/.exec(page)?.[1];
      if (kind === 'app') {
        await sleep(50);
        answer = await client.get(path);
      } else if (kind === 'code') await post('second-factor', { code: script.code ?? '123456' });
      else if (kind === 'coordinates')
        await post('second-factor', { coordinate: script.coordinates ?? ['11', '22', '33'] });
      else await post('second-factor', {});
    } else if (formAction(page, 'account')) {
      const accounts = [...page.matchAll(/name="account" value="([^"]+)"/g)].map((match) => match[1] ?? '');
      await post('account', { account: accounts[script.accountIndex ?? 0] ?? '' });
    } else if (formAction(page, 'approve')) {
      if (script.stopAtConfirmation) return { redirect: null, page, status: 200 };
      await post('approve', {});
    } else if (answer.refresh) {
      await sleep(50);
      const refresh = /^\d+;\s*url=(.+)$/.exec(answer.refresh)?.[1];
      answer = await client.get(refresh ?? path);
    } else {
      return { redirect: null, page, status: answer.status };
    }
  }
  throw new Error('the payment did not end within 200 steps');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
