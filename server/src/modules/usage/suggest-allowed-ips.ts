import { parseIpAddress, parseIpOrCidr } from '@keyhold/shared';

/**
 * The smallest allow-list covering `ips`: IPv4 addresses that share a /24 with another one
 * become that /24, IPv6 addresses their /64, the rest stay single addresses. Sorted.
 */
export function suggestAllowedIps(ips: readonly string[]): string[] {
  const v4ByNetwork = new Map<string, Set<string>>();
  const entries = new Set<string>();
  for (const ip of ips) {
    const address = parseIpAddress(ip);
    if (!address) continue;
    if (address.kind() === 'ipv6') {
      const network = parseIpOrCidr(`${address.toString()}/64`);
      if (network.ok) entries.add(network.value);
      continue;
    }
    const text = address.toString();
    const network = `${text.slice(0, text.lastIndexOf('.'))}.0/24`;
    const members = v4ByNetwork.get(network) ?? new Set<string>();
    members.add(text);
    v4ByNetwork.set(network, members);
  }
  for (const [network, members] of v4ByNetwork) {
    if (members.size > 1) entries.add(network);
    else for (const member of members) entries.add(member);
  }
  return [...entries].sort();
}
