import type { IncomingHttpHeaders } from 'node:http';

export type PresentedCredentials =
  { kind: 'none' } | { kind: 'malformed' } | { kind: 'api-key'; key: string; secret: string };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Reads `Authorization: Basic base64(key:secret)` or `X-API-Key` + `X-API-Secret`. Anything
 * present but unusable is `malformed` (a 401, never a 500).
 */
export function readCredentials(headers: IncomingHttpHeaders): PresentedCredentials {
  const authorization = single(headers.authorization);
  const headerKey = single(headers['x-api-key']);
  const headerSecret = single(headers['x-api-secret']);
  if (authorization !== undefined) {
    const match = /^Basic\s+([A-Za-z0-9+/=_-]{1,1024})\s*$/i.exec(authorization);
    if (!match) return { kind: 'malformed' };
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0 || colon === decoded.length - 1) return { kind: 'malformed' };
    return { kind: 'api-key', key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  if (headerKey !== undefined || headerSecret !== undefined) {
    if (!headerKey || !headerSecret || headerKey.length > 256 || headerSecret.length > 256) {
      return { kind: 'malformed' };
    }
    return { kind: 'api-key', key: headerKey.trim(), secret: headerSecret.trim() };
  }
  return { kind: 'none' };
}
