import { getIntrospectionQuery } from 'graphql';
import { createConnection } from 'mysql2/promise';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  ALL_SCOPES,
  apiKeyHeaders,
  basic,
  errorOf,
  type GqlResponse,
  TestApp,
  usingMysql,
} from '../support/harness';
import { unknownCredentials, wrongSecret } from '../support/security';

// The attacks of issue 9, each sent over HTTP to the running server, on SQLite and (with
// KEYHOLD_TEST_DB=mysql) on MariaDB/MySQL; each test asserts the refusal by code and by data.

const VIEWER = '{ viewer { kind apiKey { id } } }';
const LOGIN =
  'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind email } }';
const VERIFY =
  'mutation($k: String!, $s: String!) { verifyApiKey(key: $k, secret: $s) { valid code apiKey { id } } }';

function swapCase(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) =>
    c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(),
  );
}

/** `kh_` stays (the format requires it); every letter after it changes case. */
function caseSwappedKey(key: string): string {
  return `kh_${swapCase(key.slice(3))}`;
}

function from(address: string, headers: Record<string, string> = {}) {
  return { headers: { ...headers, 'x-forwarded-for': address } };
}

async function login(t: TestApp, email: string, password: string, address?: string) {
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

async function post(t: TestApp, body: unknown, headers: Record<string, string> = {}) {
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

async function keyState(t: TestApp, id: string) {
  const res = await t.admin<{
    apiKey: { active: boolean; allowedIps: string[]; scopes: string[]; name: string | null } | null;
  }>('query($id: ID!) { apiKey(id: $id) { active allowedIps scopes name } }', { id });
  return res.body.data!.apiKey;
}

describe('security attacks: credentials and limits (AUTH_FAILURES_PER_MINUTE=5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '5', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => t?.stop());

  it('1: a case-swapped key is refused, before and after the key is cached, disabled or deleted', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    const swapped = caseSwappedKey(key.key);
    expect(swapped).not.toBe(key.key);
    // Warm the cache with the real spelling first: the swapped one must not ride on it.
    const ok = await t.request(VIEWER, {}, from('198.51.100.1', basic(key.key, key.secret)));
    expect(ok.status).toBe(200);
    const res = await t.request(VIEWER, {}, from('198.51.100.2', basic(swapped, key.secret)));
    expect(res.status).toBe(401);
    expect(errorOf(res)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    expect(res.body.data ?? null).toBeNull();

    const verifier = await t.createKey({ scopes: ['api_keys:verify'] });
    const verified = await t.request<{ verifyApiKey: { valid: boolean; code: string } }>(
      VERIFY,
      { k: swapped, s: key.secret },
      from('198.51.100.3', basic(verifier.key, verifier.secret)),
    );
    expect(verified.body.data!.verifyApiKey).toMatchObject({
      valid: false,
      code: 'INVALID_CREDENTIALS',
      apiKey: null,
    });

    // Deleted: no spelling works, at once.
    const deleted = await t.admin('mutation($id: ID!) { deleteApiKey(id: $id) { deletedId } }', {
      id: key.id,
    });
    expect(deleted.status).toBe(200);
    for (const spelling of [key.key, swapped]) {
      const after = await t.request(VIEWER, {}, from('198.51.100.4', basic(spelling, key.secret)));
      expect(after.status).toBe(401);
      expect(errorOf(after)).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    }
  });

  it('1: a case-swapped session token is not a session', async () => {
    const cookie = await t.adminCookie();
    const [name, token] = cookie.split('=') as [string, string];
    const res = await t.request<{ viewer: { kind: string } }>(
      VIEWER,
      {},
      {
        cookie: `${name}=${swapCase(token)}`,
      },
    );
    expect(res.body.data!.viewer.kind).toBe('ANONYMOUS');
  });

  it('2: 40 wrong secrets sent at once from one address are not all evaluated; the right one at the end is refused', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    const address = '198.51.100.20';
    const attempts = Array.from({ length: 40 }, (_, i) => (i === 39 ? key.secret : wrongSecret()));
    const answers = await Promise.all(
      attempts.map((secret) => t.request(VIEWER, {}, from(address, basic(key.key, secret)))),
    );
    const evaluated = answers.filter((a) => a.status !== 429);
    expect(evaluated.length).toBeLessThanOrEqual(5);
    expect(answers[39]!.status).toBe(429);
    expect(errorOf(answers[39]!)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(answers[39]!.body.data ?? null).toBeNull();
  });

  it('2: 30 wrong passwords sent at once from one address do not let the right one through', async () => {
    const address = '198.51.100.21';
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        login(t, ADMIN_EMAIL, i === 29 ? ADMIN_PASSWORD : `wrong password ${i}`, address),
      ),
    );
    expect(answers.filter((a) => a.status !== 429).length).toBeLessThanOrEqual(5);
    expect(answers[29]!.status).toBe(429);
    expect(answers[29]!.setCookie).toBeNull();
    expect(answers[29]!.body.errors![0]!.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('4: accented and decomposed emails are other accounts; full-width is the same account with the same counter', async () => {
    for (const email of ['ádmin@example.com', 'a\u0301dmin@example.com', 'admin@exámple.com']) {
      const res = await login(t, email, ADMIN_PASSWORD, '198.51.100.30');
      expect(res.status).toBe(401);
      expect(res.setCookie).toBeNull();
      expect(res.body.errors![0]!.extensions).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    }
    // NFKC turns full-width letters into ASCII: it is admin@example.com, counted as that.
    const wide = 'ＡＤＭＩＮ@example.com';
    const signedIn = await login(t, wide, ADMIN_PASSWORD, '198.51.100.31');
    expect(signedIn.body.data).toMatchObject({ login: { kind: 'ADMIN', email: ADMIN_EMAIL } });
    for (let i = 0; i < 5; i++) {
      const res = await login(t, wide, 'wrong password', `198.51.100.${40 + i}`);
      expect(res.status).toBe(401);
    }
    const sixth = await login(t, ADMIN_EMAIL, 'wrong password', '198.51.100.45');
    expect(sixth.status).toBe(429);
    // The owner from an address that has not failed still signs in (item 8).
    const owner = await login(t, ADMIN_EMAIL, ADMIN_PASSWORD, '198.51.100.46');
    expect(owner.status).toBe(200);
    expect(owner.setCookie).toMatch(/^keyhold_session=/);
  });

  it('5: a secret sent as the key, or typed as the login email, is stored nowhere in clear', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    const res = await t.request(
      VIEWER,
      {},
      from('198.51.100.50', apiKeyHeaders(key.secret, key.secret)),
    );
    expect(res.status).toBe(401);
    const typed = await login(t, key.secret, 'whatever password', '198.51.100.51');
    expect(typed.status).toBe(401);

    const audit = await t.admin('{ auditEvents(first: 100) { nodes { action actor details } } }');
    expect(audit.text).toContain('admin.login_failed');
    expect(audit.text).not.toContain(key.secret);
    expect(audit.text.toLowerCase()).not.toContain(key.secret.toLowerCase());
    expect(t.logs.join('')).not.toContain(key.secret);

    // The in-memory gates (on every database) and the shared counters (MySQL) hold digests only.
    const stored = [...memoryLimiterKeys(t), ...(usingMysql ? await mysqlLimiterKeys(t) : [])];
    expect(stored.length).toBeGreaterThan(0);
    for (const subject of stored) {
      expect(subject.toLowerCase()).not.toContain('khs_');
      expect(subject).toMatch(/^[a-z_]+:[0-9a-f]{64}$/);
    }
  });

  it('8: wrong secrets from many addresses never refuse the right secret from a fresh address', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    for (let i = 0; i < 8; i++) {
      const res = await t.request(
        VIEWER,
        {},
        from(`192.0.2.${10 + i}`, basic(key.key, wrongSecret())),
      );
      expect([401, 429]).toContain(res.status);
    }
    const owner = await t.request<{ viewer: { kind: string; apiKey: { id: string } } }>(
      VIEWER,
      {},
      from('192.0.2.99', basic(key.key, key.secret)),
    );
    expect(owner.status).toBe(200);
    expect(owner.body.data!.viewer).toEqual({ kind: 'API_KEY', apiKey: { id: key.id } });
  });

  it('8: IPv6 clients are counted per /64', async () => {
    for (let i = 1; i <= 5; i++) {
      const unknown = unknownCredentials();
      const res = await t.request(
        VIEWER,
        {},
        from(`2001:db8:1:2::${i.toString(16)}`, basic(unknown.key, unknown.secret)),
      );
      expect(res.status).toBe(401);
    }
    const good = await t.createKey();
    const sameNet = await t.request(
      VIEWER,
      {},
      from('2001:db8:1:2:ffff::1', basic(good.key, good.secret)),
    );
    expect(sameNet.status).toBe(429);
    expect(errorOf(sameNet)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const otherNet = await t.request(
      VIEWER,
      {},
      from('2001:db8:1:3::1', basic(good.key, good.secret)),
    );
    expect(otherNet.status).toBe(200);
  });

  it('13: an unknown key and a wrong secret each cost exactly one database lookup', async () => {
    const key = await t.createKey();
    await t.request(VIEWER, {}, from('192.0.2.200', basic(key.key, key.secret)));
    const cache = t.app.services.cache;
    const lookups = async (headers: Record<string, string>) => {
      const before = cache.loads;
      const res = await t.request(VIEWER, {}, from('192.0.2.201', headers));
      expect(res.status).toBe(401);
      return cache.loads - before;
    };
    const unknown = unknownCredentials();
    const costs = [
      await lookups(basic(key.key, wrongSecret())),
      await lookups(basic(unknown.key, unknown.secret)),
      await lookups(basic(unknown.key, unknown.secret)),
      await lookups(basic(key.key, wrongSecret())),
    ];
    expect(costs).toEqual([1, 1, 1, 1]);
    // A match of a key in memory still costs none.
    const before = cache.loads;
    await t.request(VIEWER, {}, from('192.0.2.202', basic(key.key, key.secret)));
    expect(cache.loads - before).toBe(0);
  });
});

interface MemoryLimiter {
  gate: { _memoryStorage?: { _storage: Map<string, unknown> } };
  store: { _memoryStorage?: { _storage: Map<string, unknown> } };
}

function memoryLimiterKeys(t: TestApp): string[] {
  const { authenticator, admins } = t.app.services as unknown as {
    authenticator: { limiters: Record<string, MemoryLimiter> };
    admins: { limiters: Record<string, MemoryLimiter> };
  };
  return [...Object.values(authenticator.limiters), ...Object.values(admins.limiters)].flatMap(
    (l) => [l.gate, l.store].flatMap((s) => [...(s._memoryStorage?._storage.keys() ?? [])]),
  );
}

async function mysqlLimiterKeys(t: TestApp): Promise<string[]> {
  const conn = await createConnection(t.databaseUrl);
  try {
    const [rows] = await conn.query('SELECT `key` FROM auth_rate_limits');
    return (rows as { key: string }[]).map((r) => r.key);
  } finally {
    await conn.end();
  }
}

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

describe('security attacks: what the server shows (7, 9, 10, 11, 12)', () => {
  let t: TestApp;
  let production: TestApp;
  const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
  beforeAll(async () => {
    t = await TestApp.start({ METRICS_TOKEN });
    production = await TestApp.start({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await t?.stop();
    await production?.stop();
  });

  const metrics = async (app: TestApp, token?: string) => {
    const res = await fetch(`${app.url}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, text: await res.text() };
  };

  it('7: /metrics needs the token, and neither operation names nor paths grow it', async () => {
    expect((await metrics(t)).status).toBe(401);
    expect((await metrics(t, 'not-the-metrics-token-at-all')).status).toBe(401);
    await t.request(VIEWER);
    await fetch(`${t.url}/nothing-here-0`);
    const before = (await metrics(t, METRICS_TOKEN)).text;
    const secretName = 'khs_ThisLooksLikeASecretInAnOperationName0123456';
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post(t, { query: `query Op${i}x { viewer { kind } }`, operationName: `Op${i}x` }),
      ),
    );
    await post(t, { query: `query ${secretName} { viewer { kind } }` });
    await Promise.all(Array.from({ length: 100 }, (_, i) => fetch(`${t.url}/nothing-here-${i}`)));
    const after = await metrics(t, METRICS_TOKEN);
    expect(after.status).toBe(200);
    expect(after.text).not.toContain(secretName);
    expect(after.text).not.toContain('Op17x');
    expect(after.text).not.toContain('nothing-here');
    expect(after.text).toContain('operation="viewer"');
    const series = (text: string) =>
      text.split('\n').filter((l) => l.startsWith('keyhold_http_request_duration_seconds_count'))
        .length;
    expect(series(after.text)).toBeLessThanOrEqual(series(before) + 4);
  });

  it('9: anonymous callers in production get no field suggestions; admins do', async () => {
    const anonymous = await production.request('{ viewr { kind } }');
    expect(anonymous.status).toBe(400);
    expect(errorOf(anonymous)).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(anonymous.text).not.toMatch(/Did you mean/);
    expect(anonymous.text).not.toContain('"viewer"');
    const admin = await production.admin('{ viewr { kind } }');
    expect(admin.text).toMatch(/Did you mean/);
  });

  it('10: a persisted-query hash that does not match is a 400, not a 500 with a stack trace', async () => {
    const res = await post(t, {
      query: '{ viewer { kind } }',
      extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
    });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(res.body.data ?? null).toBeNull();
    expect(t.logs.join('')).not.toMatch(/unexpected error/);
  });

  it('11: an X-Request-Id that is not a short safe token is replaced, not echoed or logged', async () => {
    for (const bad of ['a'.repeat(65), '<script>alert(1)</script>', 'id.with.dots', 'khs_x y']) {
      const res = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': bad } });
      const id = res.headers.get('x-request-id')!;
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(t.logs.join('')).not.toContain(bad);
    }
    const good = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'trace_01-AB' } });
    expect(good.headers.get('x-request-id')).toBe('trace_01-AB');
  });

  it('12: the SPA and the explorer are served with a strict Content-Security-Policy', async () => {
    for (const [path, accept] of [
      ['/admin/api-keys', 'text/html'],
      ['/graphql', 'text/html'],
    ] as const) {
      const res = await fetch(`${t.url}${path}`, { headers: { accept } });
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(csp).toContain("object-src 'none'");
      const html = await res.text();
      // No inline script in what is served: every <script> has a src.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    }
  });
});
