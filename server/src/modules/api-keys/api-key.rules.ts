import { normalizeAllowedIps, normalizeKeyName, normalizeScopes } from '@keyhold/shared';
import { badUserInput, forbidden } from '../../common/errors';
import type { ApiKeyEntity } from './api-key.entity';

/** Who is acting, for authorisation of grants and for the audit trail. */
export interface Actor {
  /** "admin:<email>" or "api_key:<key>" */
  label: string;
  ip: string;
  scopes: readonly string[];
}

/**
 * The stored form of validated input. The input rules themselves are the DTOs' decorators
 * (shared with the web form); what is left here is normalising, and the rules that need the
 * caller or the time.
 */
function accepted<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  // Unreachable behind `validate: true`; a caller that skipped validation fails loudly.
  if (!result.ok) throw new Error(`unvalidated input reached the service: ${result.message}`);
  return result.value;
}

export function normalName(name: string | null | undefined): string {
  return accepted(normalizeKeyName(name)) ?? '';
}

export function normalAllowedIps(entries: readonly string[]): string[] {
  return accepted(normalizeAllowedIps(entries));
}

/** A permission rule: a key can never hand out more than it holds itself. */
export function grantableScopes(actor: Actor, scopes: readonly string[]): string[] {
  const value = accepted(normalizeScopes(scopes));
  const missing = value.find((scope) => !actor.scopes.includes(scope));
  if (missing) throw forbidden(missing);
  return value;
}

/** A rule of time: a new expiry must lie ahead of the clock. */
export function checkExpiry(expiresAt: Date | null | undefined, now: Date): Date | null {
  if (!expiresAt) return null;
  if (expiresAt.getTime() <= now.getTime())
    throw badUserInput('expiresAt', 'must be in the future');
  return expiresAt;
}

/** `rateLimit` as stored: both columns, or both null (no limit). */
export function rateLimitColumns(
  input: { limit: number; windowSeconds: number } | null | undefined,
): { rateLimit: number | null; rateLimitWindowSeconds: number | null } {
  if (!input) return { rateLimit: null, rateLimitWindowSeconds: null };
  return { rateLimit: input.limit, rateLimitWindowSeconds: input.windowSeconds };
}

export function snapshot(entity: ApiKeyEntity) {
  return {
    name: entity.name || null,
    active: entity.active,
    allowedIps: entity.allowedIps,
    scopes: entity.scopes,
    expiresAt: entity.expiresAt?.toISOString() ?? null,
    rateLimit:
      entity.rateLimit !== null && entity.rateLimitWindowSeconds !== null
        ? { limit: entity.rateLimit, windowSeconds: entity.rateLimitWindowSeconds }
        : null,
  };
}
