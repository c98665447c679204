import { createConnection } from 'mysql2/promise';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  ALL_SCOPES,
  apiKeyHeaders,
  basic,
  errorOf,
  TestApp,
  usingMysql,
} from '../support/harness';
import { caseSwappedKey, from, login, swapCase, VERIFY, VIEWER } from '../support/attacks';
import { unknownCredentials, wrongSecret } from '../support/security';

// Issue 9's attacks on credentials and failure limits (items 1, 2, 4, 5, 8, 13), each sent over
// HTTP to the running server, on SQLite and (KEYHOLD_TEST_DB=mysql) on MariaDB/MySQL; each test
// asserts the refusal by code and by data.

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

  it('2: 200 secrets sent at once from one address: at most the limit are evaluated, and the right one at the end is refused', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    const address = '198.51.100.20';
    const attempts = Array.from({ length: 200 }, (_, i) =>
      i === 199 ? key.secret : wrongSecret(),
    );
    const answers = await Promise.all(
      attempts.map((secret) => t.request(VIEWER, {}, from(address, basic(key.key, secret)))),
    );
    expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(5);
    expect(answers[199]!.status).toBe(429);
    expect(errorOf(answers[199]!)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(answers[199]!.body.data ?? null).toBeNull();
    // Every evaluated attempt on a known key counts as a use of it: at most 5 were evaluated.
    const usage = await t.admin<{
      apiKey: { usage: { successCount: number; failureCount: number }[] };
    }>('query($id: ID!) { apiKey(id: $id) { usage(days: 1) { successCount failureCount } } }', {
      id: key.id,
    });
    const [today] = usage.body.data!.apiKey.usage;
    expect(today!.successCount).toBe(0);
    expect(today!.failureCount).toBeLessThanOrEqual(5);
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
  store: { _memoryStorage?: { _storage: Map<string, unknown> } };
}

function memoryLimiterKeys(t: TestApp): string[] {
  const { authenticator, admins } = t.app.services as unknown as {
    authenticator: { limiters: Record<string, MemoryLimiter> };
    admins: { limiters: Record<string, MemoryLimiter> };
  };
  return [...Object.values(authenticator.limiters), ...Object.values(admins.limiters)].flatMap(
    (l) => [...(l.store._memoryStorage?._storage.keys() ?? [])],
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
