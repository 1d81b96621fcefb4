import { isIP } from 'node:net';

/**
 * What kind of network an IP address belongs to, for the webhook SSRF rules (docs/webhooks.md). Only
 * `public` addresses may receive webhooks in production. IPv6 forms that embed an IPv4 address
 * (`::ffff:127.0.0.1`, `::127.0.0.1`, `64:ff9b::7f00:1`, `2002:7f00:1::`) are judged by the IPv4 address
 * inside them, so a private address cannot hide in an IPv6 spelling.
 */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'unique_local'
  | 'multicast'
  | 'reserved'
  | 'invalid';

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

export function classifyAddress(address: string): AddressClass {
  // A zone id (`fe80::1%eth0`) only ever names a link-local or interface-bound address.
  const [bare = ''] = address.split('%');
  switch (isIP(bare)) {
    case 4:
      return classifyIpv4(parseIpv4(bare));
    case 6: {
      if (bare !== address) return 'link_local';
      return classifyIpv6(parseIpv6(bare));
    }
    default:
      return 'invalid';
  }
}

function parseIpv4(text: string): number[] {
  return text.split('.').map(Number);
}

function classifyIpv4([a = 0, b = 0, c = 0]: number[]): AddressClass {
  if (a === 0) return 'unspecified'; // 0.0.0.0/8, "this network"
  if (a === 127) return 'loopback';
  if (a === 10) return 'private';
  if (a === 172 && b >= 16 && b <= 31) return 'private';
  if (a === 192 && b === 168) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'shared'; // carrier-grade NAT, 100.64.0.0/10
  if (a === 169 && b === 254) return 'link_local'; // includes cloud metadata, 169.254.169.254
  if (a === 192 && b === 0 && c === 0) return 'reserved'; // IETF protocol assignments
  if (a === 192 && b === 0 && c === 2) return 'reserved'; // documentation
  if (a === 198 && b === 51 && c === 100) return 'reserved'; // documentation
  if (a === 203 && b === 0 && c === 113) return 'reserved'; // documentation
  if (a === 198 && (b === 18 || b === 19)) return 'reserved'; // benchmarking
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved'; // 240.0.0.0/4 and broadcast
  return 'public';
}

/** The eight 16-bit groups of an address Node's `isIP` accepted as IPv6 (may end in dotted IPv4). */
function parseIpv6(text: string): number[] {
  let head = text.toLowerCase();
  const tail: number[] = [];
  const dotted = head.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1] && dotted[2]) {
    const [a = 0, b = 0, c = 0, d = 0] = parseIpv4(dotted[2]);
    tail.push((a << 8) | b, (c << 8) | d);
    head = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
  }
  const toGroups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [left = '', right] = head.split('::');
  const leftGroups = toGroups(left);
  const rightGroups = right === undefined ? [] : toGroups(right);
  const missing = 8 - leftGroups.length - rightGroups.length - tail.length;
  return [...leftGroups, ...new Array<number>(Math.max(0, missing)).fill(0), ...rightGroups, ...tail];
}

function classifyIpv6(groups: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedIpv4 = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff];
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;

  if (firstFiveZero && g5 === 0) {
    if (g6 === 0 && g7 === 0) return 'unspecified'; // ::
    if (g6 === 0 && g7 === 1) return 'loopback'; // ::1
    return classifyIpv4(embeddedIpv4(g6, g7)); // ::a.b.c.d, IPv4-compatible (deprecated)
  }
  if (firstFiveZero && g5 === 0xffff) return classifyIpv4(embeddedIpv4(g6, g7)); // ::ffff:a.b.c.d, mapped
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0)
    return classifyIpv4(embeddedIpv4(g6, g7)); // ::ffff:0:a.b.c.d, IPv4-translated
  if (g0 === 0x64 && g1 === 0xff9b) return classifyIpv4(embeddedIpv4(g6, g7)); // NAT64 64:ff9b::/96 and /48
  if (g0 === 0x2002) return classifyIpv4(embeddedIpv4(g1, g2)); // 6to4 2002:a.b.c.d::/48
  if ((g0 & 0xfe00) === 0xfc00) return 'unique_local'; // fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return 'link_local'; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // fec0::/10, deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved'; // 100::/64, discard
  if (g0 === 0x2001 && g1 === 0xdb8) return 'reserved'; // documentation
  if (g0 === 0x2001 && g1 === 0) return 'reserved'; // Teredo: the real peer is hidden
  if ((g0 & 0xe000) !== 0x2000) return 'reserved'; // outside 2000::/3, the global unicast space
  return 'public';
}
