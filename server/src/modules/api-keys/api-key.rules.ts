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

/** The input rules of a key, each failure a BAD_USER_INPUT naming the field (or FORBIDDEN). */
export function checkName(name: string | null | undefined): string {
  const result = normalizeKeyName(name);
  if (!result.ok) throw badUserInput('name', result.message);
  return result.value ?? '';
}

export function checkAllowedIps(entries: readonly string[]): string[] {
  const result = normalizeAllowedIps(entries);
  if (!result.ok) throw badUserInput('allowedIps', result.message);
  return result.value;
}

export function checkScopes(actor: Actor, scopes: readonly string[]): string[] {
  const result = normalizeScopes(scopes);
  if (!result.ok) throw badUserInput('scopes', result.message);
  // A key can never hand out more than it holds itself.
  const missing = result.value.find((scope) => !actor.scopes.includes(scope));
  if (missing) throw forbidden(missing);
  return result.value;
}

export function checkExpiry(expiresAt: Date | null | undefined, now: Date): Date | null {
  if (!expiresAt) return null;
  if (Number.isNaN(expiresAt.getTime()))
    throw badUserInput('expiresAt', 'is not a valid date-time');
  if (expiresAt.getTime() <= now.getTime())
    throw badUserInput('expiresAt', 'must be in the future');
  return expiresAt;
}

export const RATE_LIMIT_BOUNDS = {
  limit: { min: 1, max: 1_000_000 },
  windowSeconds: { min: 1, max: 86_400 },
} as const;

/** `rateLimit` as stored: both columns, or both null (no limit). */
export function checkRateLimit(
  input: { limit: number; windowSeconds: number } | null | undefined,
): { rateLimit: number | null; rateLimitWindowSeconds: number | null } {
  if (!input) return { rateLimit: null, rateLimitWindowSeconds: null };
  for (const field of ['limit', 'windowSeconds'] as const) {
    const { min, max } = RATE_LIMIT_BOUNDS[field];
    const value = input[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw badUserInput(
        `rateLimit.${field}`,
        `must be a whole number from ${min} to ${max} (got ${value})`,
      );
    }
  }
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
