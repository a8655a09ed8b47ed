import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { invalid } from '../../domain/errors.ts';

/** Loopback, private, link-local, shared, reserved, multicast and unspecified ranges. */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/**
 * Whether an IP address is one a webhook or a busy calendar must not reach: loopback, private,
 * link-local and the like (IPv4-mapped and NAT64 IPv6 forms are checked as the IPv4 inside).
 *
 * @example isPrivateAddress('10.1.2.3') // true
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return PRIVATE.check(mapped[1], 'ipv4');
  return PRIVATE.check(lower, 'ipv6');
}

/**
 * Outbound targets (webhook URLs, busy-calendar URLs): http(s) only, and, unless private targets
 * are allowed (RECURRA_WEBHOOK_ALLOW_PRIVATE, for tests and closed networks), never an address in
 * a private range — checked when a URL is registered, and again at every connection (the lookup
 * the HTTP client uses refuses such addresses, so a name that later resolves elsewhere, DNS
 * rebinding, is refused too). Redirects are never followed by the callers.
 */
export class TargetGuard {
  constructor(
    readonly allowPrivate: boolean,
    private readonly resolve: typeof dnsLookup = dnsLookup,
  ) {}

  /** The URL, if it is one Recurra may call; a 400 naming `field` otherwise. */
  async check(raw: string, field: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw invalid(`${field} is not a URL`, { field, value: raw });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw invalid(`${field} must be an http or https URL`, { field, value: raw });
    if (url.username || url.password)
      throw invalid(`${field} must not carry credentials`, { field });
    if (this.allowPrivate) return url;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host)
      ? [host]
      : await new Promise<string[]>((resolve) =>
          this.resolve(host, { all: true }, (err, list: LookupAddress[]) =>
            resolve(err ? [] : list.map((a) => a.address)),
          ),
        );
    if (addresses.length === 0)
      throw invalid(`${field}: the host ${host} does not resolve`, { field, value: raw });
    if (addresses.some(isPrivateAddress))
      throw invalid(
        `${field} resolves to a private, loopback or link-local address; such targets are refused`,
        { field, value: raw },
      );
    return url;
  }

  /**
   * Whether a connection to this URL would be refused for its IP literal (the HTTP client does
   * not look literals up, so `lookup()` never sees them).
   */
  refusesLiteral(url: URL): boolean {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return !this.allowPrivate && isIP(host) !== 0 && isPrivateAddress(host);
  }

  /** The DNS lookup for outbound connections: refuses private addresses unless allowed. */
  lookup(): LookupFunction {
    return (hostname, options, callback) => {
      this.resolve(hostname, { ...options, all: true }, (err, list: LookupAddress[]) => {
        if (err) return callback(err, '', 0);
        const allowed = this.allowPrivate ? list : list.filter((a) => !isPrivateAddress(a.address));
        if (allowed.length === 0)
          return callback(
            Object.assign(new Error(`refused: ${hostname} resolves to a private address`), {
              code: 'EPRIVATE',
            }),
            '',
            0,
          );
        if ((options as { all?: boolean }).all)
          (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
        else
          callback(
            null,
            (allowed[0] as LookupAddress).address,
            (allowed[0] as LookupAddress).family,
          );
      });
    };
  }
}
