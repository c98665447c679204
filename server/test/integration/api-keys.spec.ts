import { toDbTimestamp } from '../../src/database/columns';
import { ALL_SCOPES, errorOf, TestApp } from '../support/harness';

const KEY_FIELDS = `id name key secretHint active status allowedIps scopes expiresAt lastUsedAt lastUsedIp
  secretRotatedAt previousSecretExpiresAt createdAt updatedAt`;

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { ${KEY_FIELDS} } }`;
const SET_ACTIVE = `mutation($id: ID!, $active: Boolean!) { setApiKeyActive(id: $id, active: $active) { ${KEY_FIELDS} } }`;
const ROTATE = `mutation($id: ID!, $grace: Int) { rotateApiKeySecret(id: $id, gracePeriodSeconds: $grace) { secret apiKey { ${KEY_FIELDS} } } }`;
const DELETE = `mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }`;
const GET = `query($id: ID!) { apiKey(id: $id) { ${KEY_FIELDS} } }`;

type Key = Record<string, unknown> & { id: string; key: string };

describe('API key lifecycle (admin over HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  it('creates a key with the contract formats and returns the secret once', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await t.admin<{ createApiKey: { secret: string; apiKey: Key } }>(CREATE, {
      input: {
        name: '  Billing sync  ',
        allowedIps: ['10.0.0.5', '10.0.0.0/8', '10.1.2.3/8', '2001:DB8::1', '::ffff:192.168.1.1'],
        scopes: ['api_keys:write', 'api_keys:read', 'api_keys:read'],
        expiresAt,
      },
    });
    expect(res.status).toBe(200);
    const { secret, apiKey } = res.body.data!.createApiKey;
    expect(apiKey.key).toMatch(/^kh_[0-9A-Za-z]{24}$/);
    expect(secret).toMatch(/^khs_[0-9A-Za-z]{46}$/);
    expect(apiKey.secretHint).toBe(secret.slice(-4));
    expect(apiKey.name).toBe('Billing sync');
    expect(apiKey.active).toBe(true);
    expect(apiKey.status).toBe('ACTIVE');
    expect(apiKey.allowedIps).toEqual(['10.0.0.5', '10.0.0.0/8', '2001:db8::1', '192.168.1.1']);
    expect(apiKey.scopes).toEqual(['api_keys:read', 'api_keys:write']);
    expect(apiKey.expiresAt).toBe(expiresAt);
    expect(apiKey.id).toMatch(/^[0-9a-f-]{36}$/);

    const again = await t.admin<{ apiKey: Key }>(GET, { id: apiKey.id });
    expect(again.body.data!.apiKey).toEqual(apiKey);
    expect(again.text).not.toContain(secret);
  });

  it('applies the defaults: active, any address, no scopes, no expiry, no name', async () => {
    const res = await t.admin<{ createApiKey: { apiKey: Key } }>(CREATE, { input: {} });
    expect(res.body.data!.createApiKey.apiKey).toMatchObject({
      name: null,
      active: true,
      status: 'ACTIVE',
      allowedIps: [],
      scopes: [],
      expiresAt: null,
      lastUsedAt: null,
    });
  });

  it('updates only the fields given; expiresAt null clears it', async () => {
    const created = await t.createKey({
      name: 'a',
      scopes: ['api_keys:read'],
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    const res = await t.admin<{ updateApiKey: Key }>(UPDATE, {
      id: created.id,
      input: { name: 'renamed' },
    });
    expect(res.body.data!.updateApiKey).toMatchObject({
      name: 'renamed',
      scopes: ['api_keys:read'],
    });
    expect(res.body.data!.updateApiKey.expiresAt).not.toBeNull();
    const cleared = await t.admin<{ updateApiKey: Key }>(UPDATE, {
      id: created.id,
      input: { expiresAt: null, allowedIps: ['192.0.2.0/24'], scopes: [] },
    });
    expect(cleared.body.data!.updateApiKey).toMatchObject({
      name: 'renamed',
      expiresAt: null,
      allowedIps: ['192.0.2.0/24'],
      scopes: [],
    });
  });

  it('disables and enables a key', async () => {
    const created = await t.createKey();
    const off = await t.admin<{ setApiKeyActive: Key }>(SET_ACTIVE, {
      id: created.id,
      active: false,
    });
    expect(off.body.data!.setApiKeyActive).toMatchObject({ active: false, status: 'DISABLED' });
    const on = await t.admin<{ setApiKeyActive: Key }>(SET_ACTIVE, {
      id: created.id,
      active: true,
    });
    expect(on.body.data!.setApiKeyActive).toMatchObject({ active: true, status: 'ACTIVE' });
  });

  it('rotates the secret, with and without a grace period', async () => {
    const created = await t.createKey();
    const res = await t.admin<{ rotateApiKeySecret: { secret: string; apiKey: Key } }>(ROTATE, {
      id: created.id,
      grace: 3600,
    });
    const { secret, apiKey } = res.body.data!.rotateApiKeySecret;
    expect(secret).not.toBe(created.secret);
    expect(apiKey.secretHint).toBe(secret.slice(-4));
    expect(apiKey.secretRotatedAt).not.toBeNull();
    const graceEnd = Date.parse(apiKey.previousSecretExpiresAt as string);
    expect(graceEnd).toBeGreaterThan(Date.now() + 3500_000);
    expect(graceEnd).toBeLessThanOrEqual(Date.now() + 3600_000);

    const noGrace = await t.admin<{ rotateApiKeySecret: { apiKey: Key } }>(ROTATE, {
      id: created.id,
    });
    expect(noGrace.body.data!.rotateApiKeySecret.apiKey.previousSecretExpiresAt).toBeNull();
  });

  it('renames an expired key: only an expiresAt that changes must lie in the future', async () => {
    const created = await t.createKey({
      name: 'short-lived',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const past = new Date(Date.now() - 86_400_000);
    await t.app.dataSource.query('UPDATE api_keys SET expires_at = ? WHERE id = ?', [
      toDbTimestamp(past),
      created.id,
    ]);
    const renamed = await t.admin<{ updateApiKey: Key }>(UPDATE, {
      id: created.id,
      input: { name: 'renamed while expired' },
    });
    expect(renamed.body.errors).toBeUndefined();
    expect(renamed.body.data!.updateApiKey).toMatchObject({
      name: 'renamed while expired',
      status: 'EXPIRED',
      expiresAt: past.toISOString(),
    });
    // A client that sends the unchanged past expiry back is not refused for it.
    const resent = await t.admin<{ updateApiKey: Key }>(UPDATE, {
      id: created.id,
      input: { name: 'again', expiresAt: past.toISOString() },
    });
    expect(resent.body.errors).toBeUndefined();
    expect(resent.body.data!.updateApiKey).toMatchObject({ name: 'again', status: 'EXPIRED' });
    // A different past expiry is a change, and is refused; nothing else changes with it.
    const earlier = await t.admin(UPDATE, {
      id: created.id,
      input: { name: 'not applied', expiresAt: new Date(past.getTime() - 1000).toISOString() },
    });
    expect(errorOf(earlier)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });
    const extended = await t.admin<{ updateApiKey: Key }>(UPDATE, {
      id: created.id,
      input: { expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(extended.body.data!.updateApiKey).toMatchObject({ name: 'again', status: 'ACTIVE' });
  });

  it('deletes a key and keeps its audit history', async () => {
    const created = await t.createKey({ name: 'doomed' });
    const res = await t.admin<{ deleteApiKey: { deletedId: string } }>(DELETE, { id: created.id });
    expect(res.body.data!.deleteApiKey.deletedId).toBe(created.id);
    expect(
      (await t.admin<{ apiKey: Key | null }>(GET, { id: created.id })).body.data!.apiKey,
    ).toBeNull();
    const audit = await t.admin<{ auditEvents: { nodes: { action: string }[] } }>(
      'query($id: ID) { auditEvents(first: 10, apiKeyId: $id) { nodes { action } } }',
      { id: created.id },
    );
    expect(audit.body.data!.auditEvents.nodes.map((n) => n.action)).toEqual([
      'api_key.deleted',
      'api_key.created',
    ]);
  });

  it('answers NOT_FOUND for every mutation on an unknown id', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [query, variables] of [
      [UPDATE, { id, input: { name: 'x' } }],
      [SET_ACTIVE, { id, active: false }],
      [ROTATE, { id }],
      [DELETE, { id }],
    ] as const) {
      const res = await t.admin(query, variables);
      expect(res.status).toBe(200);
      expect(errorOf(res).code).toBe('NOT_FOUND');
    }
  });

  it('serves the scope catalogue', async () => {
    const res = await t.admin<{ scopes: { name: string; description: string }[] }>(
      '{ scopes { name description } }',
    );
    expect(res.body.data!.scopes.map((s) => s.name)).toEqual(ALL_SCOPES);
    for (const scope of res.body.data!.scopes) expect(scope.description.length).toBeGreaterThan(10);
  });
});

describe('GraphQL over GET', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  it('answers a plain GET query with JSON, and refuses mutations over GET', async () => {
    const query = encodeURIComponent('{ viewer { kind } }');
    const res = await fetch(`${t.url}/graphql?query=${query}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { viewer: { kind: 'ANONYMOUS' } } });
    const mutation = encodeURIComponent('mutation { logout }');
    const refused = await fetch(`${t.url}/graphql?query=${mutation}`);
    expect(refused.status).toBe(405);
  });
});

describe('introspection in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production' });
  });
  afterAll(() => t.stop());

  const INTROSPECT = '{ __schema { queryType { name } } }';

  it('is refused to anonymous callers', async () => {
    const res = await t.request(INTROSPECT);
    expect(res.status).toBe(401);
    expect(errorOf(res)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_CREDENTIALS' });
  });

  it('is open to admin sessions and to API keys, even without scopes', async () => {
    expect((await t.admin(INTROSPECT)).body.data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const { key, secret } = await t.createKey();
    const res = await t.request(
      INTROSPECT,
      {},
      { headers: { 'x-api-key': key, 'x-api-secret': secret } },
    );
    expect(res.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('unexpected failures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  it('answer 500 INTERNAL_SERVER_ERROR with a generic message and a request id; the log has the details', async () => {
    await t.admin('{ viewer { kind } }');
    await t.app.dataSource.query('DROP TABLE audit_events');
    const res = await t.admin('mutation { createApiKey(input: { name: "doomed" }) { secret } }');
    expect(res.status).toBe(500);
    const error = errorOf(res);
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    const requestId = res.headers.get('x-request-id')!;
    expect(error.message).toBe(`Internal server error (request id ${requestId})`);
    expect(error.requestId).toBe(requestId);
    expect(res.text).not.toMatch(/audit_events|SQL|stack|at .*\.ts/i);
    const logged = t.logs.find((line) => line.includes(requestId) && line.includes('"level":50'));
    expect(logged).toMatch(/audit_events/);
    // The key and its audit event commit together: without the event, no key either.
    const [row] = await t.app.dataSource.query(
      "SELECT COUNT(*) AS n FROM api_keys WHERE name = 'doomed'",
    );
    expect(Number(row.n)).toBe(0);
  });
});

describe('readiness', () => {
  it('is 200 while the database answers and 503 once it does not', async () => {
    const t = await TestApp.start();
    try {
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
      await t.app.dataSource.destroy();
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      await t.app.dataSource.initialize();
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});
