import { compileAllowList, normalizeIpAddress } from '@keyhold/shared';

/**
 * Decides the client address of a request. X-Forwarded-For is believed only when the socket
 * peer is a configured proxy; then the rightmost entry that is not itself a trusted proxy is
 * the client (entries left of it could have been written by the client).
 */
export function createClientAddressResolver(trustedProxies: readonly string[]) {
  const isTrusted = trustedProxies.length ? compileAllowList(trustedProxies) : () => false;
  const peers = createPeerMemo(isTrusted);
  return (
    socketAddress: string | undefined,
    forwardedFor: string | string[] | undefined,
  ): string => {
    const { address: peer, trusted } = peers(socketAddress);
    if (!trusted || !forwardedFor) return peer;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalizeIpAddress(hops[i]!);
      if (!hop) break;
      client = hop;
      if (!isTrusted(hop)) break;
    }
    return client;
  };
}

/** True when the socket peer is a configured proxy (whose X-Forwarded-* headers count). */
export function createTrustedPeerCheck(trustedProxies: readonly string[]) {
  const isTrusted = trustedProxies.length ? compileAllowList(trustedProxies) : () => false;
  const peers = createPeerMemo(isTrusted);
  return (socketAddress: string | undefined): boolean => peers(socketAddress).trusted;
}

interface Peer {
  /** The normalised socket address (what the socket said when it is not an IP address). */
  address: string;
  /** A configured proxy. */
  trusted: boolean;
}

// Socket addresses come from the kernel, not from the client, and the same few repeat on every
// request of a keep-alive connection: each is parsed once, in a bounded map.
const MAX_PEERS = 4096;

function createPeerMemo(isTrusted: (ip: string) => boolean) {
  const peers = new Map<string, Peer>();
  return (socketAddress: string | undefined): Peer => {
    const raw = socketAddress ?? '';
    let peer = peers.get(raw);
    if (peer === undefined) {
      const normalized = normalizeIpAddress(raw);
      peer = {
        address: normalized ?? socketAddress ?? 'unknown',
        trusted: normalized !== null && isTrusted(normalized),
      };
      if (peers.size >= MAX_PEERS) peers.clear();
      peers.set(raw, peer);
    }
    return peer;
  };
}
