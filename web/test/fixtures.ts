import type { ApiKeyDetailsFragment } from '../src/gql/graphql';

let seq = 0;

export function apiKeyFixture(
  overrides: Partial<ApiKeyDetailsFragment> = {},
): ApiKeyDetailsFragment & { __typename: 'ApiKey' } {
  seq += 1;
  const n = String(seq).padStart(24, '0');
  return {
    __typename: 'ApiKey',
    id: `key-${seq}`,
    name: `Key ${seq}`,
    key: `kh_${n}`,
    active: true,
    status: 'ACTIVE',
    allowedIps: [],
    scopes: ['api_keys:read'],
    expiresAt: null,
    lastUsedAt: null,
    createdAt: '2025-01-01T10:00:00.000Z',
    secretHint: 'AbCd',
    lastUsedIp: null,
    secretRotatedAt: null,
    previousSecretExpiresAt: null,
    updatedAt: '2025-01-01T10:00:00.000Z',
    rateLimit: null,
    ...overrides,
  };
}

export function listItem(k: ReturnType<typeof apiKeyFixture>) {
  const {
    __typename,
    id,
    name,
    key,
    active,
    status,
    allowedIps,
    scopes,
    expiresAt,
    lastUsedAt,
    createdAt,
  } = k;
  return {
    __typename,
    id,
    name,
    key,
    active,
    status,
    allowedIps,
    scopes,
    expiresAt,
    lastUsedAt,
    createdAt,
  };
}

export const SCOPES_RESULT = {
  scopes: [
    { __typename: 'ScopeDefinition', name: 'api_keys:read', description: 'List and read API keys' },
    {
      __typename: 'ScopeDefinition',
      name: 'api_keys:write',
      description: 'Create and change API keys',
    },
    { __typename: 'ScopeDefinition', name: 'api_keys:verify', description: 'Verify credentials' },
  ],
};

export const SECRET = `khs_${'a'.repeat(40)}ABCDEF`;

/** A GraphQL error as Keyhold's server formats BAD_USER_INPUT. */
export function badInput(field: string, message: string) {
  return { message, extensions: { code: 'BAD_USER_INPUT', field } };
}
