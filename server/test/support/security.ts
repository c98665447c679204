import { generateApiKey, generateApiSecret } from '@keyhold/shared';
import { apiKeyHeaders, basic, type GqlResponse, type TestApp } from './harness';
import type { Operation, Target } from './operations';

/** Both ways an integrator may present a key and its secret. */
export const HEADER_STYLES: [string, (key: string, secret: string) => Record<string, string>][] = [
  ['Authorization: Basic', basic],
  ['X-API-Key + X-API-Secret', apiKeyHeaders],
];

/** A well-formed key and secret (valid checksum) that no database holds. */
export function unknownCredentials(): { key: string; secret: string } {
  return { key: generateApiKey(), secret: generateApiSecret() };
}

/** A well-formed secret that is not this key's. */
export function wrongSecret(): string {
  return generateApiSecret();
}

export interface SendOptions {
  headers?: Record<string, string>;
  /** Loopback address to connect from, which decides the socket peer. */
  via?: string;
  forwardedFor?: string;
  /** The key the operation acts on; a fresh one by default, so allowed mutations harm nothing shared. */
  target?: Target;
}

/** Runs one operation of the suite's table with the given credentials and network path. */
export async function send(
  t: TestApp,
  op: Operation,
  options: SendOptions = {},
): Promise<GqlResponse> {
  const target = options.target ?? (await t.createKey({ name: 'suite target' }));
  const headers = {
    ...options.headers,
    ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
  };
  return t.request(op.query, await op.variables(t, target), {
    headers,
    via: options.via ?? '127.0.0.1',
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
