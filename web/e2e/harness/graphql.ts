import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server';

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export async function gql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as GraphQLResponse<T>,
  };
}

/** Signs in over HTTP and returns the session cookie (name=value). */
export async function adminCookie(baseUrl: string): Promise<{ name: string; value: string }> {
  const { headers, body } = await gql(
    baseUrl,
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind } }',
    {
      e: ADMIN_EMAIL,
      p: ADMIN_PASSWORD,
    },
  );
  const setCookie = headers.get('set-cookie');
  if (!setCookie) throw new Error(`login set no cookie: ${JSON.stringify(body)}`);
  const [pair] = setCookie.split(';');
  const eq = pair.indexOf('=');
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
}

export interface SeededKey {
  id: string;
  key: string;
  secret: string;
}

export async function createKey(
  baseUrl: string,
  cookie: string,
  input: Record<string, unknown>,
): Promise<SeededKey> {
  const { body } = await gql<{
    createApiKey: { secret: string; apiKey: { id: string; key: string } };
  }>(
    baseUrl,
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id key } } }',
    { input },
    { cookie },
  );
  if (!body.data) throw new Error(`createApiKey failed: ${JSON.stringify(body.errors)}`);
  return { ...body.data.createApiKey.apiKey, secret: body.data.createApiKey.secret };
}
