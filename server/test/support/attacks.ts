import type { GqlResponse, TestApp } from './harness';

// Helpers of the issue-9 attack specs (security-attacks-*.spec.ts).

export const VIEWER = '{ viewer { kind apiKey { id } } }';
export const LOGIN =
  'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind email } }';
export const VERIFY =
  'mutation($k: String!, $s: String!) { verifyApiKey(key: $k, secret: $s) { valid code apiKey { id } } }';

export function swapCase(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) =>
    c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(),
  );
}

/** `kh_` stays (the format requires it); every letter after it changes case. */
export function caseSwappedKey(key: string): string {
  return `kh_${swapCase(key.slice(3))}`;
}

export function from(address: string, headers: Record<string, string> = {}) {
  return { headers: { ...headers, 'x-forwarded-for': address } };
}

export async function login(t: TestApp, email: string, password: string, address?: string) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(address ? { 'x-forwarded-for': address } : {}),
    },
    body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
  });
  const body = (await res.json()) as GqlResponse['body'];
  return { status: res.status, setCookie: res.headers.get('set-cookie'), body };
}

/** POSTs a raw GraphQL-over-HTTP body (extensions, operationName …). */
export async function post(
  t: TestApp,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GqlResponse> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: JSON.parse(text) as GqlResponse['body'],
  };
}

export async function keyState(t: TestApp, id: string) {
  const res = await t.admin<{
    apiKey: { active: boolean; allowedIps: string[]; scopes: string[]; name: string | null } | null;
  }>('query($id: ID!) { apiKey(id: $id) { active allowedIps scopes name } }', { id });
  return res.body.data!.apiKey;
}
