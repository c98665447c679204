import ipaddr from 'ipaddr.js';

export const MAX_ALLOWED_IPS = 100;

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export type IpEntryResult = { ok: true; value: string } | { ok: false; message: string };
export type AllowedIpsResult = { ok: true; value: string[] } | { ok: false; message: string };

/** Unwraps IPv4-mapped IPv6 (`::ffff:10.0.0.1`) so one client has one address. */
function unmap(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/** Strict parse: dotted-quad IPv4 (no `127.1`, hex or octal forms) or IPv6 without a zone. */
export function parseIpAddress(text: string): Address | null {
  const value = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  if (!value.includes('%') && ipaddr.IPv6.isValid(value)) return unmap(ipaddr.IPv6.parse(value));
  return null;
}

/** The address as Keyhold stores and compares it: IPv4 dotted quad or RFC 5952 IPv6. */
export function normalizeIpAddress(text: string): string | null {
  return parseIpAddress(text)?.toString() ?? null;
}

/**
 * The unit that failure limits count: an IPv4 address, or the /64 of an IPv6 address (one
 * client usually holds a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function addressBucket(ip: string): string {
  // The hot path: a normalised IPv4 address is its own bucket.
  if (!ip.includes(':') && ipaddr.IPv4.isValidFourPartDecimal(ip)) return ip;
  const address = parseIpAddress(ip);
  if (!address) return ip;
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

/** One `allowedIps` entry: an address or a CIDR range, normalised (a range to its network). */
export function parseIpOrCidr(entry: string): IpEntryResult {
  const text = entry.trim();
  const invalid = {
    ok: false as const,
    message: `"${entry}" is not a valid IPv4/IPv6 address or CIDR range`,
  };
  const slash = text.indexOf('/');
  if (slash === -1) {
    const address = parseIpAddress(text);
    return address ? { ok: true, value: address.toString() } : invalid;
  }
  const bitsText = text.slice(slash + 1);
  const address = parseIpAddress(text.slice(0, slash));
  if (!address || !/^\d{1,3}$/.test(bitsText)) return invalid;
  let bits = Number(bitsText);
  // An IPv4-mapped IPv6 range (`::ffff:10.0.0.0/120`) becomes the IPv4 range it covers.
  if (text.slice(0, slash).includes(':') && address.kind() === 'ipv4') bits -= 96;
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (bits < 0 || bits > max) {
    return { ok: false, message: `"${entry}" has a prefix length outside 0-${max}` };
  }
  const network = ipaddr.parse(
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`).toString()
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`).toString(),
  );
  return { ok: true, value: `${network.toString()}/${bits}` };
}

/** Validates and normalises a whole `allowedIps` list: duplicates removed, at most 100. */
export function normalizeAllowedIps(entries: readonly string[]): AllowedIpsResult {
  const seen = new Set<string>();
  for (const entry of entries) {
    const parsed = parseIpOrCidr(entry);
    if (!parsed.ok) return parsed;
    seen.add(parsed.value);
  }
  if (seen.size > MAX_ALLOWED_IPS) {
    return {
      ok: false,
      message: `at most ${MAX_ALLOWED_IPS} entries are allowed (got ${seen.size})`,
    };
  }
  return { ok: true, value: [...seen] };
}

/**
 * Compiles a normalised allow-list into a matcher, so the hot path parses each entry once.
 * An empty list allows every address.
 */
export function compileAllowList(entries: readonly string[]): (ip: string) => boolean {
  if (entries.length === 0) return () => true;
  const ranges = entries.map((entry) => {
    const [addr, bits] = entry.includes('/')
      ? ipaddr.parseCIDR(entry)
      : [ipaddr.parse(entry), entry.includes(':') ? 128 : 32];
    return { addr, bits };
  });
  return (ip: string) => {
    const address = parseIpAddress(ip);
    if (!address) return false;
    return ranges.some(
      (r) =>
        r.addr.kind() === address.kind() &&
        (address as ipaddr.IPv4).match(r.addr as ipaddr.IPv4, r.bits),
    );
  };
}
