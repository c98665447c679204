import { getIntrospectionQuery } from 'graphql';
import { ALL_SCOPES, basic, errorOf, type GqlResponse, TestApp } from '../support/harness';
import { keyState, post, VERIFY, VIEWER } from '../support/attacks';

// Issue 9's attacks through GraphQL documents: write-only keys (item 6) and the query limits
// (item 3), on SQLite and MariaDB/MySQL, asserted by code and by data.

describe('security attacks: write-only keys (6)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '1000000' });
  });
  afterAll(() => t?.stop());

  it('cannot re-enable, change, rotate or delete a key holding more scopes', async () => {
    const writer = await t.createKey({ scopes: ['api_keys:write'] });
    const as = { headers: basic(writer.key, writer.secret) };
    const strong = await t.createKey({
      scopes: ALL_SCOPES,
      active: false,
      allowedIps: ['192.0.2.0/24'],
    });
    const attacks = [
      ['mutation($id: ID!) { setApiKeyActive(id: $id, active: true) { id active } }', {}],
      ['mutation($id: ID!) { updateApiKey(id: $id, input: { active: true }) { id } }', {}],
      ['mutation($id: ID!) { updateApiKey(id: $id, input: { allowedIps: [] }) { id } }', {}],
      ['mutation($id: ID!) { updateApiKey(id: $id, input: {}) { scopes lastUsedIp } }', {}],
      ['mutation($id: ID!) { rotateApiKeySecret(id: $id) { secret } }', {}],
      ['mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }', {}],
    ] as const;
    for (const [query] of attacks) {
      const res = await t.request(query, { id: strong.id }, as);
      expect(res.status).toBe(403);
      expect(errorOf(res)).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'api_keys:read' });
      expect(res.body.data ?? null).toBeNull();
    }
    expect(await keyState(t, strong.id)).toEqual({
      active: false,
      allowedIps: ['192.0.2.0/24'],
      scopes: ALL_SCOPES,
      name: null,
    });
  });

  it('a no-op update is no read path, and no answer shows usage without api_keys:read', async () => {
    const writer = await t.createKey({ scopes: ['api_keys:write'] });
    const as = { headers: basic(writer.key, writer.secret) };
    const weak = await t.createKey({ scopes: [] });
    await t.request(VIEWER, {}, { headers: basic(weak.key, weak.secret) });

    for (const query of [
      'mutation($id: ID!) { updateApiKey(id: $id, input: {}) { allowedIps } }',
      'mutation($id: ID!) { setApiKeyActive(id: $id, active: true) { allowedIps } }',
    ]) {
      const res = await t.request(query, { id: weak.id }, as);
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(res.body.data ?? null).toBeNull();
    }
    const changed = await t.request<{ updateApiKey: { name: string; lastUsedIp: string | null } }>(
      'mutation($id: ID!) { updateApiKey(id: $id, input: { name: "renamed" }) { name lastUsedIp lastUsedAt } }',
      { id: weak.id },
      as,
    );
    expect(changed.body.data!.updateApiKey).toEqual({
      name: 'renamed',
      lastUsedIp: null,
      lastUsedAt: null,
    });
    const usage = await t.request(
      'mutation($id: ID!) { updateApiKey(id: $id, input: { name: "again" }) { usage { successCount } } }',
      { id: weak.id },
      as,
    );
    expect(errorOf(usage)).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'api_keys:read' });
    // The admin, who holds every scope, still reads it all.
    const admin = await t.admin<{ apiKey: { lastUsedIp: string } }>(
      'query($id: ID!) { apiKey(id: $id) { lastUsedIp } }',
      { id: weak.id },
    );
    expect(admin.body.data!.apiKey.lastUsedIp).toBe('127.0.0.1');
  });
});

describe('security attacks: query limits (3)', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '1000000' });
    cookie = await t.adminCookie();
  });
  afterAll(() => t?.stop());

  const asAdmin = (query: string, variables: Record<string, unknown> = {}) =>
    t.request(query, variables, { cookie });

  function expectTooComplex(res: GqlResponse, limit: string): void {
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    expect(res.body.data ?? null).toBeNull();
  }

  const PAGE = (days: number) =>
    `apiKeys(first: 100) { nodes { id name key scopes allowedIps usage(days: ${days}) { date successCount failureCount } } }`;

  it('refuses 30 aliased pages with usage, and hundreds of aliases, before running them', async () => {
    const one = await asAdmin(`{ ${PAGE(30)} }`);
    expect(one.status).toBe(200);
    const pages = Array.from({ length: 30 }, (_, i) => `p${i}: ${PAGE(30)}`).join(' ');
    expectTooComplex(await asAdmin(`{ ${pages} }`), 'cost');
    expectTooComplex(await asAdmin(`{ ${PAGE(366)} }`), 'cost');
    const aliases = Array.from({ length: 300 }, (_, i) => `a${i}: viewer { kind }`).join(' ');
    expectTooComplex(await asAdmin(`{ ${aliases} }`), 'aliases');
    const thirtyOne = Array.from({ length: 31 }, (_, i) => `a${i}: kind`).join(' ');
    expectTooComplex(await asAdmin(`{ viewer { ${thirtyOne} } }`), 'aliases');
    const thirty = Array.from({ length: 30 }, (_, i) => `a${i}: kind`).join(' ');
    expect((await asAdmin(`{ viewer { ${thirty} } }`)).status).toBe(200);
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('refuses depth over 12, tokens over 2,000 and directives over 50', async () => {
    const deep = (levels: number) =>
      `{ __type(name: "ApiKey") { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } }`;
    expect((await asAdmin(deep(10))).status).toBe(200);
    expectTooComplex(await asAdmin(deep(12)), 'depth');
    const deepSchema = `{ __schema { types { fields { type { ${'ofType { '.repeat(16)}name${' }'.repeat(16)} } } } } }`;
    expectTooComplex(await asAdmin(deepSchema), 'depth');
    expectTooComplex(await asAdmin(`{ viewer { ${'kind '.repeat(2100)}} }`), 'tokens');
    expectTooComplex(
      await asAdmin(`{ viewer { ${'kind @include(if: true) '.repeat(51)}} }`),
      'directives',
    );
  });

  it('calls verifyApiKey once per request at most', async () => {
    const verifier = await t.createKey({ scopes: ['api_keys:verify'] });
    const target = await t.createKey();
    const twice = await t.request(
      `mutation($k: String!, $s: String!) { a: verifyApiKey(key: $k, secret: $s) { valid } b: verifyApiKey(key: $k, secret: $s) { valid } }`,
      { k: target.key, s: target.secret },
      { headers: basic(verifier.key, verifier.secret) },
    );
    expectTooComplex(twice, 'cost');
    const once = await t.request<{ verifyApiKey: { valid: boolean } }>(
      VERIFY,
      { k: target.key, s: target.secret },
      { headers: basic(verifier.key, verifier.secret) },
    );
    expect(once.body.data!.verifyApiKey.valid).toBe(true);
  });

  it('1: keys compare exactly, and a non-ASCII search still meets the binary key column', async () => {
    const key = await t.createKey({ name: 'Zürich billing' });
    const search = async (term: string) =>
      (await asAdmin('query($s: String) { apiKeys(search: $s) { nodes { id } } }', { s: term }))
        .body.data as { apiKeys: { nodes: { id: string }[] } };
    expect((await search('zürich')).apiKeys.nodes.map((n) => n.id)).toEqual([key.id]);
    expect((await search(key.key)).apiKeys.nodes.map((n) => n.id)).toEqual([key.id]);
  });

  it("passes GraphiQL's and codegen's introspection queries", async () => {
    for (const options of [
      {},
      {
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      },
    ]) {
      const res = await post(
        t,
        { query: getIntrospectionQuery(options), operationName: 'IntrospectionQuery' },
        { cookie },
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(
        (res.body.data as { __schema: { types: unknown[] } }).__schema.types.length,
      ).toBeGreaterThan(10);
    }
  });
});
