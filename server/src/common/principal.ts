import { SCOPE_CATALOGUE } from '@keyhold/shared';

export const ALL_SCOPES: readonly string[] = SCOPE_CATALOGUE.map((s) => s.name);

/** An admin's signed-in session, as the auth module resolves it from the session cookie. */
export interface AdminSessionInfo {
  sessionId: string;
  adminId: string;
  email: string;
}

/**
 * What authentication needs to know about a key, prepared once per cache fill. The auth module
 * builds it; it lives here so the request's principal can carry it without `common/` importing
 * a module.
 */
export interface KeyRecord {
  id: string;
  key: string;
  /** Raw SHA-256 bytes, decoded from hex once per cache fill. */
  secretDigest: Buffer;
  previousSecretDigest: Buffer | null;
  previousSecretExpiresAt: number | null;
  active: boolean;
  expiresAt: number | null;
  scopes: readonly string[];
  /** The key's rate limit, or null when it has none. */
  rateLimit: { limit: number; windowSeconds: number } | null;
  ipAllowed: (ip: string) => boolean;
}

/** Who is calling. Decided once per request, before GraphQL runs. */
export type Principal =
  | { kind: 'ANONYMOUS'; scopes: readonly string[] }
  | { kind: 'ADMIN'; scopes: readonly string[]; session: AdminSessionInfo }
  | { kind: 'API_KEY'; scopes: readonly string[]; key: KeyRecord };

export const ANONYMOUS: Principal = { kind: 'ANONYMOUS', scopes: [] };
