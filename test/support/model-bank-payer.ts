/**
 * A payer's browser at a model bank, over plain HTTP: follows the authorisation redirect, logs in with RUT
 * and password on the bank's page, picks the first account and authorises (or rejects, or cancels). Returns
 * the URL the bank sends the browser back to (Puente's callback with `code`/`error`, `state` and `iss`).
 * `fetch` replaces the global one (e.g. to trust a test bank's own certificate authority).
 */
export async function authorizeAtBank(
  redirectUrl: string,
  payer: { rut: string; password?: string; decision?: 'authorise' | 'reject' | 'cancel' },
  fetch: typeof globalThis.fetch = globalThis.fetch,
): Promise<{ callbackUrl: URL; pages: string[] }> {
  const cookies = new Map<string, string>();
  const pages: string[] = [];
  const send = async (url: string, init: { method?: string; form?: Record<string, string> } = {}) => {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : null,
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) cookies.set(name.trim(), value.join('='));
    }
    return response;
  };
  // Follows redirects until the browser leaves the bank (a redirect to another origin) or lands on a page.
  const follow = async (
    response: Response,
    from: string,
  ): Promise<{ left: URL } | { page: string; url: string }> => {
    let current = response;
    let url = from;
    for (let hop = 0; hop < 10; hop++) {
      const location = current.headers.get('location');
      if (current.status < 300 || current.status >= 400 || !location) {
        const page = await current.text();
        pages.push(page);
        return { page, url };
      }
      const next = new URL(location, url);
      if (next.origin !== new URL(redirectUrl).origin) return { left: next };
      url = next.href;
      current = await send(url);
    }
    throw new Error('too many redirects at the bank');
  };
  const start = await follow(await send(redirectUrl), redirectUrl);
  if ('left' in start) return { callbackUrl: start.left, pages };
  const interaction = start.url;
  if (payer.decision === 'cancel') {
    const left = await follow(await send(`${interaction}/cancel`, { method: 'POST', form: {} }), interaction);
    if (!('left' in left)) throw new Error('cancel did not leave the bank');
    return { callbackUrl: left.left, pages };
  }
  const login = await follow(
    await send(`${interaction}/login`, {
      method: 'POST',
      form: { rut: payer.rut, password: payer.password ?? '1234' },
    }),
    interaction,
  );
  if ('left' in login) return { callbackUrl: login.left, pages };
  const account = /name="account" value="([^"]+)"/.exec(login.page)?.[1];
  if (!account) throw new Error(`no consent page after login: ${login.page.slice(0, 300)}`);
  const end = await follow(
    await send(`${interaction}/authorise`, {
      method: 'POST',
      form: { account, decision: payer.decision ?? 'authorise' },
    }),
    interaction,
  );
  if (!('left' in end)) throw new Error(`still at the bank: ${end.page.slice(0, 300)}`);
  return { callbackUrl: end.left, pages };
}
