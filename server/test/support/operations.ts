import { ADMIN_EMAIL, ADMIN_PASSWORD, type GqlResponse, type TestApp } from './harness';

/**
 * Every root operation of the schema, for the security suite. `requires` lists the scopes of
 * which a caller needs one (empty: any caller, even anonymous); `public` operations are open to
 * callers without credentials too (login, logout). `variables` may create a fresh key to act on,
 * so an allowed destructive call never touches the shared fixtures.
 */
export interface Operation {
  name: string;
  query: string;
  requires: string[];
  public?: boolean;
  variables: (t: TestApp, target: Target) => Promise<Record<string, unknown>>;
}

/** A key the operation acts on (its id) and whose credentials verifyApiKey checks. */
export interface Target {
  id: string;
  key: string;
  secret: string;
}

const READ = 'api_keys:read';
const WRITE = 'api_keys:write';
const VERIFY = 'api_keys:verify';
const WEBHOOKS = 'webhooks:manage';

const none = async () => ({});
const targetId = async (_t: TestApp, target: Target) => ({ id: target.id });
/** A fresh webhook (public address: the suite's app refuses private ones) to act on. */
const webhookId = async (t: TestApp) => {
  const res = await t.admin<{ createWebhook: { webhook: { id: string } } }>(
    'mutation { createWebhook(input: { url: "https://93.184.216.34/suite", events: ["api_key.leaked"] }) { webhook { id } } }',
  );
  return { id: res.body.data!.createWebhook.webhook.id };
};

export const OPERATIONS: Operation[] = [
  {
    name: 'apiKeys',
    query: '{ apiKeys(first: 5) { totalCount nodes { id } } }',
    requires: [READ],
    variables: none,
  },
  {
    name: 'apiKey',
    query: 'query($id: ID!) { apiKey(id: $id) { id } }',
    requires: [READ],
    variables: targetId,
  },
  {
    name: 'auditEvents',
    query: '{ auditEvents(first: 5) { totalCount } }',
    requires: [READ],
    variables: none,
  },
  // Any one scope opens the catalogue; the error names the first.
  {
    name: 'scopes',
    query: '{ scopes { name } }',
    requires: [READ, WRITE, VERIFY, WEBHOOKS],
    variables: none,
  },
  { name: 'viewer', query: '{ viewer { kind scopes } }', requires: [], variables: none },
  {
    name: 'createApiKey',
    query: 'mutation { createApiKey(input: { name: "suite" }) { apiKey { id } } }',
    requires: [WRITE],
    variables: none,
  },
  {
    name: 'updateApiKey',
    query:
      'mutation($id: ID!) { updateApiKey(id: $id, input: { name: "renamed by suite" }) { id } }',
    requires: [WRITE],
    variables: targetId,
  },
  {
    name: 'setApiKeyActive',
    query: 'mutation($id: ID!) { setApiKeyActive(id: $id, active: false) { id } }',
    requires: [WRITE],
    variables: targetId,
  },
  {
    name: 'rotateApiKeySecret',
    query: 'mutation($id: ID!) { rotateApiKeySecret(id: $id) { apiKey { id } } }',
    requires: [WRITE],
    variables: targetId,
  },
  {
    name: 'deleteApiKey',
    query: 'mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }',
    requires: [WRITE],
    variables: targetId,
  },
  {
    name: 'verifyApiKey',
    query:
      'mutation($key: String!, $secret: String!) { verifyApiKey(key: $key, secret: $secret) { valid code } }',
    requires: [VERIFY],
    variables: async (_t, target) => ({ key: target.key, secret: target.secret }),
  },
  { name: 'webhooks', query: '{ webhooks { id } }', requires: [WEBHOOKS], variables: none },
  {
    name: 'webhookDeliveries',
    query: 'query($id: ID!) { webhookDeliveries(webhookId: $id) { totalCount } }',
    requires: [WEBHOOKS],
    variables: webhookId,
  },
  {
    name: 'createWebhook',
    query:
      'mutation { createWebhook(input: { url: "https://93.184.216.34/suite", events: ["api_key.leaked"] }) { webhook { id } } }',
    requires: [WEBHOOKS],
    variables: none,
  },
  {
    name: 'deleteWebhook',
    query: 'mutation($id: ID!) { deleteWebhook(id: $id) }',
    requires: [WEBHOOKS],
    variables: webhookId,
  },
  {
    name: 'login',
    query:
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { kind } }',
    requires: [],
    public: true,
    variables: async () => ({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  },
  { name: 'logout', query: 'mutation { logout }', requires: [], public: true, variables: none },
];

/** The answer an allowed call gives: 200, no errors, the field's data. */
export function expectAllowed(op: Operation, res: GqlResponse): void {
  expect({ op: op.name, status: res.status, errors: res.body.errors }).toEqual({
    op: op.name,
    status: 200,
    errors: undefined,
  });
  expect(res.body.data?.[op.name]).toBeDefined();
  expect(res.body.data?.[op.name]).not.toBeNull();
}

/** The answer a refused call gives: the status, the code and its extensions, and no data. */
export function expectRefused(
  op: Operation,
  res: GqlResponse,
  status: number,
  extensions: Record<string, unknown>,
): void {
  const error = res.body.errors?.[0];
  expect({ op: op.name, status: res.status, extensions: error?.extensions }).toEqual({
    op: op.name,
    status,
    extensions: expect.objectContaining(extensions),
  });
  expect(res.body.data?.[op.name] ?? null).toBeNull();
}
