import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from '../../domain/webhooks/ip-address.ts';

/** Resolves a host name to every address it has (A and AAAA). Replaceable in tests. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const resolveWithSystem: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** A webhook URL checked against the safety rules, with the one address to connect to. */
export type WebhookTarget =
  | { ok: true; url: URL; address: string; family: 4 | 6 }
  | { ok: false; permanent: boolean; reason: string };

/**
 * Applies the webhook safety rules (docs/webhooks.md) to `url`. In strict mode (production) the URL must be
 * https and every address the host resolves to must be public: the check happens after DNS resolution and
 * the caller connects to the returned address, never resolving again, so a name that answers with a public
 * address to the check and a private one to the connection (DNS rebinding) gets nowhere.
 */
export async function resolveWebhookTarget(
  text: string,
  options: { strict: boolean; publicOnly?: boolean; resolve?: ResolveHost },
): Promise<WebhookTarget> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, permanent: true, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, permanent: true, reason: `scheme ${url.protocol} is not allowed` };
  if (options.strict && url.protocol !== 'https:')
    return { ok: false, permanent: true, reason: 'only https:// webhook URLs are allowed in production' };
  if (url.username || url.password)
    return { ok: false, permanent: true, reason: 'credentials in the URL are not allowed' };

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (options.resolve ?? resolveWithSystem)(host);
    } catch (error) {
      return { ok: false, permanent: false, reason: `DNS lookup of ${host} failed: ${describe(error)}` };
    }
  }
  const [first] = addresses;
  if (!first) return { ok: false, permanent: false, reason: `${host} has no address` };
  if (options.strict || options.publicOnly) {
    for (const address of addresses) {
      const kind = classifyAddress(address);
      if (kind !== 'public')
        return {
          ok: false,
          permanent: false,
          reason: `refused: ${host} resolves to ${address}, a ${kind.replace('_', '-')} address`,
        };
    }
  }
  return { ok: true, url, address: first, family: isIP(first) === 6 ? 6 : 4 };
}

function describe(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
