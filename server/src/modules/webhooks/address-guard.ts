import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Loopback, private, link-local (cloud metadata: 169.254.169.254), shared, reserved, multicast. */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback and the IPv4-compatible block
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local, among them fd00:ec2::254 (EC2 metadata over IPv6)
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** The 16 bytes of an IPv6 address (also with a dotted IPv4 tail), or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text =
      text.slice(0, -dotted[1]!.length) +
      `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  const bytes: number[] = [];
  for (const group of groups) {
    const value = parseInt(group, 16);
    if (!/^[0-9a-f]{1,4}$/.test(group) || Number.isNaN(value)) return null;
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  if (!b) return null;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.');
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) {
    return b.slice(12).join('.');
  }
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.');
  return null;
}

/** True for an address a webhook must not reach (unless WEBHOOK_ALLOW_PRIVATE_URLS). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const inner = embeddedIpv4(address);
  if (inner !== null) return blocked.check(inner, 'ipv4');
  return blocked.check(address.split('%')[0]!, 'ipv6');
}

export class AddressRefusedError extends Error {}

const RESOLVE_TIMEOUT_MS = 5000;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the host of a webhook URL and checks every address it resolves to. The delivery then
 * connects to the address returned here (not to a second lookup), so a name that resolves
 * publicly now and privately a moment later (DNS rebinding) cannot slip through.
 */
export class AddressGuard {
  constructor(
    private readonly allowPrivate: boolean,
    /** The system resolver; a test replaces it to play a rebinding DNS server. */
    public resolve: (host: string) => Promise<ResolvedAddress[]> = async (host) =>
      (await lookup(host, { all: true, verbatim: true })).map((a) => ({
        address: a.address,
        family: a.family === 6 ? 6 : 4,
      })),
  ) {}

  async check(hostname: string): Promise<ResolvedAddress> {
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: ResolvedAddress[];
    if (isIP(host)) {
      addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
    } else {
      let timer: NodeJS.Timeout | undefined;
      try {
        // A resolver that never answers must not hold a delivery past its claim.
        addresses = await Promise.race([
          this.resolve(host),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), RESOLVE_TIMEOUT_MS);
          }),
        ]);
      } catch {
        throw new AddressRefusedError(`the host ${host} does not resolve`);
      } finally {
        clearTimeout(timer);
      }
      if (!addresses.length) throw new AddressRefusedError(`the host ${host} does not resolve`);
    }
    if (!this.allowPrivate) {
      const refused = addresses.find((a) => isPrivateAddress(a.address));
      if (refused) {
        throw new AddressRefusedError(
          `${host} resolves to a loopback, private, link-local or reserved address (${refused.address})`,
        );
      }
    }
    return addresses[0]!;
  }
}
