import { compileAllowList, normalizeIpAddress } from '@keyhold/shared';

/**
 * Decides the client address of a request. X-Forwarded-For is believed only when the socket
 * peer is a configured proxy; then the rightmost entry that is not itself a trusted proxy is
 * the client (entries left of it could have been written by the client).
 */
export function createClientAddressResolver(trustedProxies: readonly string[]) {
  const isTrusted = trustedProxies.length ? compileAllowList(trustedProxies) : () => false;
  return (
    socketAddress: string | undefined,
    forwardedFor: string | string[] | undefined,
  ): string => {
    const peer = normalizeIpAddress(socketAddress ?? '') ?? socketAddress ?? 'unknown';
    if (!trustedProxies.length || !isTrusted(peer) || !forwardedFor) return peer;
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
  return (socketAddress: string | undefined): boolean =>
    isTrusted(normalizeIpAddress(socketAddress ?? '') ?? '');
}
