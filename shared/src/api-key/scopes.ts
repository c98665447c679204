export const SCOPES = {
  API_KEYS_READ: 'api_keys:read',
  API_KEYS_WRITE: 'api_keys:write',
  API_KEYS_VERIFY: 'api_keys:verify',
  WEBHOOKS_MANAGE: 'webhooks:manage',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export interface ScopeDefinition {
  name: Scope;
  description: string;
}

export const SCOPE_CATALOGUE: readonly ScopeDefinition[] = [
  {
    name: SCOPES.API_KEYS_READ,
    description: 'List and read API keys, their usage and audit events',
  },
  {
    name: SCOPES.API_KEYS_WRITE,
    description: 'Create, update, enable/disable, rotate and delete API keys',
  },
  {
    name: SCOPES.API_KEYS_VERIFY,
    description: "Verify another key's credentials (for the panel's other services)",
  },
  {
    name: SCOPES.WEBHOOKS_MANAGE,
    description: 'Create, change and delete webhooks; read and redeliver their deliveries',
  },
];

const KNOWN = new Set<string>(SCOPE_CATALOGUE.map((s) => s.name));

export function isKnownScope(value: string): value is Scope {
  return KNOWN.has(value);
}

export const MAX_SCOPES = SCOPE_CATALOGUE.length;

export type ScopesResult = { ok: true; value: Scope[] } | { ok: false; message: string };

/** Checks every scope against the catalogue; returns them de-duplicated, in catalogue order. */
export function normalizeScopes(scopes: readonly string[]): ScopesResult {
  const unknown = scopes.find((s) => !isKnownScope(s));
  if (unknown !== undefined) {
    return {
      ok: false,
      message: `unknown scope "${unknown}"; known scopes: ${[...KNOWN].join(', ')}`,
    };
  }
  return { ok: true, value: SCOPE_CATALOGUE.map((s) => s.name).filter((s) => scopes.includes(s)) };
}
