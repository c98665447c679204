import { toDbTimestamp } from '../../src/database/columns';
import { ADMIN_EMAIL, ADMIN_PASSWORD, errorOf, TestApp } from '../support/harness';
import { TestClock } from '../support/clock';

interface LoginBody {
  data: { login: { kind: string; email: string; scopes: string[] } } | null;
  errors: { message: string; extensions: Record<string, unknown> }[];
}

const LOGIN =
  'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind email scopes } }';
const VIEWER = '{ viewer { kind email scopes } }';

async function login(t: TestApp, email: string, password: string, from?: string) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
  });
  return {
    status: res.status,
    setCookie: res.headers.get('set-cookie'),
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as LoginBody,
  };
}

describe('admin sign-in and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  it('signs in with an httpOnly, SameSite=Strict cookie holding every scope', async () => {
    const res = await login(t, 'Admin@Example.com', ADMIN_PASSWORD);
    expect(res.body.data!.login).toEqual({
      kind: 'ADMIN',
      email: ADMIN_EMAIL,
      scopes: ['api_keys:read', 'api_keys:write', 'api_keys:verify', 'webhooks:manage'],
    });
    expect(res.setCookie).toMatch(/^keyhold_session=[A-Za-z0-9_-]{43};/);
    expect(res.setCookie).toMatch(/HttpOnly/);
    expect(res.setCookie).toMatch(/SameSite=Strict/);
    expect(res.setCookie).not.toMatch(/Secure/);
    const cookie = res.setCookie!.split(';')[0]!;
    const viewer = await t.request(VIEWER, {}, { cookie });
    expect(viewer.body.data).toEqual({
      viewer: { kind: 'ADMIN', email: ADMIN_EMAIL, scopes: expect.any(Array) },
    });
  });

  it('ignores X-Forwarded-Proto from a peer that is not a trusted proxy', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ query: LOGIN, variables: { e: ADMIN_EMAIL, p: ADMIN_PASSWORD } }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/^keyhold_session=/);
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('stores only a digest of the session token', async () => {
    const cookie = await t.adminCookie();
    const token = cookie.split('=')[1]!;
    const rows = await t.app.dataSource.query('SELECT token_digest FROM admin_sessions');
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('answers a wrong password and an unknown email the same way, and audits both', async () => {
    const wrongPassword = await login(t, ADMIN_EMAIL, 'not the password');
    const unknownEmail = await login(t, 'nobody@example.com', 'not the password');
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(JSON.stringify(wrongPassword.body.errors[0].extensions)).toBe(
      JSON.stringify(unknownEmail.body.errors[0].extensions),
    );
    expect(wrongPassword.body.errors[0].message).toBe(unknownEmail.body.errors[0].message);
    expect(wrongPassword.body.errors[0].extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'INVALID_CREDENTIALS',
    });
    expect(wrongPassword.setCookie).toBeNull();
    const audit = await t.admin<{
      auditEvents: { nodes: { action: string; actor: string; ip: string }[] };
    }>('{ auditEvents(first: 20) { nodes { action actor ip details } } }');
    const failed = audit.body.data!.auditEvents.nodes.filter(
      (n) => n.action === 'admin.login_failed',
    );
    // What was typed for an unknown account is kept only as a digest (it may be a secret).
    expect(failed.map((n) => n.actor)).toEqual(
      expect.arrayContaining(['admin:unknown', `admin:${ADMIN_EMAIL}`]),
    );
    expect(JSON.stringify(audit.body)).not.toContain('nobody@example.com');
    expect(failed[0]!.ip).toBe('127.0.0.1');
    expect(JSON.stringify(audit.body)).not.toContain('not the password');
  });

  it('logs out: the cookie stops working and the logout is audited', async () => {
    const cookie = await t.adminCookie();
    const out = await t.request<{ logout: boolean }>('mutation { logout }', {}, { cookie });
    expect(out.body.data!.logout).toBe(true);
    expect(out.headers.get('set-cookie')).toMatch(/keyhold_session=;/);
    const viewer = await t.request<{ viewer: { kind: string } }>(VIEWER, {}, { cookie });
    expect(viewer.body.data!.viewer.kind).toBe('ANONYMOUS');
    const keys = await t.request('{ apiKeys { totalCount } }', {}, { cookie });
    expect(keys.status).toBe(401);
    expect(errorOf(keys)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_CREDENTIALS' });
    const audit = await t.admin<{ auditEvents: { nodes: { action: string }[] } }>(
      '{ auditEvents(first: 5) { nodes { action } } }',
    );
    expect(audit.body.data!.auditEvents.nodes.map((n) => n.action)).toContain('admin.logout');
  });

  it('ends sessions that are idle too long or past their absolute end', async () => {
    const idle = await t.adminCookie();
    const old = toDbTimestamp(new Date(Date.now() - 9 * 3600_000));
    await t.app.dataSource.query('UPDATE admin_sessions SET last_seen_at = ?', [old]);
    expect(
      (await t.request<{ viewer: { kind: string } }>(VIEWER, {}, { cookie: idle })).body.data!
        .viewer.kind,
    ).toBe('ANONYMOUS');

    const expired = await t.adminCookie();
    const past = toDbTimestamp(new Date(Date.now() - 1000));
    await t.app.dataSource.query('UPDATE admin_sessions SET expires_at = ?', [past]);
    expect(
      (await t.request<{ viewer: { kind: string } }>(VIEWER, {}, { cookie: expired })).body.data!
        .viewer.kind,
    ).toBe('ANONYMOUS');
  });

  it('reads session time from the injected clock: idle and absolute ends pass as it moves', async () => {
    const clock = new TestClock();
    const app = await TestApp.start(
      { SESSION_IDLE_SECONDS: '120', SESSION_MAX_SECONDS: '300' },
      { databaseUrl: t.databaseUrl },
      { clock },
    );
    const kind = async (cookie: string) =>
      (await app.request<{ viewer: { kind: string } }>(VIEWER, {}, { cookie })).body.data!.viewer
        .kind;
    try {
      const idle = await app.adminCookie();
      clock.advance(119_000);
      expect(await kind(idle)).toBe('ADMIN');
      clock.advance(120_000);
      expect(await kind(idle)).toBe('ANONYMOUS');

      const busy = await app.adminCookie();
      for (let i = 0; i < 4; i++) {
        clock.advance(70_000);
        expect(await kind(busy)).toBe('ADMIN');
      }
      clock.advance(30_000);
      expect(await kind(busy)).toBe('ANONYMOUS');
    } finally {
      await app.app.close();
    }
  });
});

describe('admin sign-in rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The proxy lets the test speak from many addresses.
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => t.stop());

  it('marks the cookie Secure when https ends at a trusted proxy, and only then', async () => {
    const viaProxy = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ query: LOGIN, variables: { e: ADMIN_EMAIL, p: ADMIN_PASSWORD } }),
    });
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/);
    const plain = await login(t, ADMIN_EMAIL, ADMIN_PASSWORD, '198.51.100.200');
    expect(plain.setCookie).not.toMatch(/Secure/);
  });

  it('per email: 429 with Retry-After once over the limit, whatever the address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await login(t, 'victim@example.com', `guess-${i}`, `198.51.100.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const blocked = await login(t, 'victim@example.com', 'guess-again', '198.51.100.99');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    expect(blocked.body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
  });

  it('per address: 429 once one address has failed too often, whatever the email', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await login(t, `user${i}@example.com`, 'guess', '203.0.113.7')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Even the right password is refused from that address until the window ends.
    expect((await login(t, ADMIN_EMAIL, ADMIN_PASSWORD, '203.0.113.7')).status).toBe(429);
    expect((await login(t, ADMIN_EMAIL, ADMIN_PASSWORD, '203.0.113.8')).status).toBe(200);
  });
});
