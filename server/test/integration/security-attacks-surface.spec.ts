import { errorOf, TestApp } from '../support/harness';
import { post, VIEWER } from '../support/attacks';

// Issue 9's attacks on what the server shows: metrics (7), field suggestions (9), persisted
// queries (10), request ids (11) and the Content-Security-Policy (12).

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
