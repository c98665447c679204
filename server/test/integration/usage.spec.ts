import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  ALL_SCOPES,
  basic,
  type CreatedKey,
  TestApp,
} from '../support/harness';
import { requireBuild, startServer, tempSqliteUrl } from '../support/process';
import { unknownCredentials, wrongSecret } from '../support/security';

const USAGE = `query($id: ID!) { apiKey(id: $id) {
  lastUsedAt lastUsedIp usage(days: 7) { date successCount failureCount } } }`;

interface UsageDay {
  date: string;
  successCount: number;
  failureCount: number;
}
interface KeyUsage {
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  usage: UsageDay[];
}

const utcDay = (ms = Date.now()) => new Date(ms).toISOString().slice(0, 10);

type Totals = { successCount: number; failureCount: number };

/**
 * Seven rows, oldest first, ending today; counts only on the days the traffic ran; totals as
 * given, or between `totals` and `atMost` when some requests' fate is unknown to the client.
 */
function expectUsage(
  usage: UsageDay[],
  startedAt: number,
  totals: Totals,
  atMost: Totals = totals,
): void {
  expect(usage.map((d) => d.date)).toEqual(
    [6, 5, 4, 3, 2, 1, 0].map((n) => utcDay(Date.now() - n * 86_400_000)),
  );
  const busy = usage.filter((d) => d.successCount || d.failureCount).map((d) => d.date);
  for (const date of busy) expect(date >= utcDay(startedAt) && date <= utcDay()).toBe(true);
  const stored: Totals = {
    successCount: usage.reduce((sum, d) => sum + d.successCount, 0),
    failureCount: usage.reduce((sum, d) => sum + d.failureCount, 0),
  };
  if (atMost === totals) {
    expect(stored).toEqual(totals);
    return;
  }
  for (const field of ['successCount', 'failureCount'] as const) {
    expect(stored[field]).toBeGreaterThanOrEqual(totals[field]);
    expect(stored[field]).toBeLessThanOrEqual(atMost[field]);
  }
}

async function queriesSoFar(t: TestApp): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = /^keyhold_database_queries_total (\d+)$/m.exec(text);
  if (!line) throw new Error('keyhold_database_queries_total is missing from /metrics');
  return Number(line[1]);
}

describe('usage counting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '1000000' });
  });
  afterAll(() => t?.stop());

  async function storedRows(id: string): Promise<number[][]> {
    const rows = await t.app.dataSource.query(
      'SELECT success_count AS s, failure_count AS f FROM api_key_usage_days WHERE api_key_id = ?',
      [id],
    );
    return rows.map((r: { s: unknown; f: unknown }) => [Number(r.s), Number(r.f)]);
  }

  it('counts every request for the key it named, and writes the counts only at a flush', async () => {
    const startedAt = Date.now();
    const key = await t.createKey({ scopes: ALL_SCOPES });
    const other = await t.createKey({ scopes: ALL_SCOPES });
    for (let i = 0; i < 7; i++) {
      expect(
        (await t.request('{ viewer { kind } }', {}, { headers: basic(key.key, key.secret) }))
          .status,
      ).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.request('{ viewer { kind } }', {}, { headers: basic(key.key, wrongSecret()) }))
          .status,
      ).toBe(401);
    }
    // A key that does not exist has nothing to count against.
    const unknown = unknownCredentials();
    expect(
      (await t.request('{ viewer { kind } }', {}, { headers: basic(unknown.key, unknown.secret) }))
        .status,
    ).toBe(401);
    expect(await storedRows(key.id)).toEqual([]);

    await t.app.services.usage.flush();
    expect(await storedRows(key.id)).toEqual([[7, 3]]);
    expect(await storedRows(other.id)).toEqual([]);
    const res = await t.admin<{ apiKey: KeyUsage }>(USAGE, { id: key.id });
    expectUsage(res.body.data!.apiKey.usage, startedAt, { successCount: 7, failureCount: 3 });
    expect(res.body.data!.apiKey.lastUsedIp).toBe('127.0.0.1');
    expect(Date.parse(res.body.data!.apiKey.lastUsedAt!)).toBeGreaterThanOrEqual(startedAt - 1000);
    const untouched = await t.admin<{ apiKey: KeyUsage }>(USAGE, { id: other.id });
    expectUsage(untouched.body.data!.apiKey.usage, startedAt, { successCount: 0, failureCount: 0 });
    expect(untouched.body.data!.apiKey.lastUsedAt).toBeNull();

    // A second flush adds to the stored day rather than overwriting it.
    expect(
      (await t.request('{ viewer { kind } }', {}, { headers: basic(key.key, key.secret) })).status,
    ).toBe(200);
    await t.app.services.usage.flush();
    expect(await storedRows(key.id)).toEqual([[8, 3]]);
  });

  it('costs no database query per authenticated request once the key is cached', async () => {
    const key = await t.createKey({ scopes: ['api_keys:read'] });
    // The change feed and the webhook dispatcher (MySQL) poll on timers; stopped here so that only
    // requests are measured.
    t.app.services.changes.stop();
    await t.app.services.webhookDispatcher.stop();
    const call = () =>
      t.request<{ scopes: unknown[] }>(
        '{ scopes { name } }',
        {},
        { headers: basic(key.key, key.secret) },
      );
    expect((await call()).status).toBe(200);
    const before = await queriesSoFar(t);
    for (let i = 0; i < 50; i++) expect((await call()).body.data!.scopes).toHaveLength(4);
    expect((await queriesSoFar(t)) - before).toBe(0);
  });

  it('answers viewer and verifyApiKey from the cache too, unless apiKey is selected', async () => {
    const service = await t.createKey({ scopes: ['api_keys:verify'] });
    const checked = await t.createKey();
    t.app.services.changes.stop();
    await t.app.services.webhookDispatcher.stop();
    const headers = basic(service.key, service.secret);
    const viewer = () =>
      t.request<{ viewer: { kind: string } }>('{ viewer { kind scopes } }', {}, { headers });
    const verify = () =>
      t.request<{ verifyApiKey: { code: string } }>(
        'mutation($k: String!, $s: String!) { verifyApiKey(key: $k, secret: $s) { valid code scopes } }',
        { k: checked.key, s: checked.secret },
        { headers },
      );
    await viewer();
    await verify();
    const before = await queriesSoFar(t);
    for (let i = 0; i < 20; i++) {
      expect((await viewer()).body.data!.viewer.kind).toBe('API_KEY');
      expect((await verify()).body.data!.verifyApiKey.code).toBe('VALID');
    }
    expect((await queriesSoFar(t)) - before).toBe(0);
    const withKey = await t.request<{ viewer: { apiKey: { key: string } } }>(
      '{ viewer { apiKey { key } } }',
      {},
      { headers },
    );
    expect(withKey.body.data!.viewer.apiKey.key).toBe(service.key);
  });
});

describe('usage across a SIGTERM', () => {
  beforeAll(requireBuild);

  it('loses no count: every answered request (and no request never sent) is in the database after the process exits', async () => {
    const databaseUrl = tempSqliteUrl();
    const startedAt = Date.now();
    const server = await startServer({
      DATABASE_URL: databaseUrl,
      USAGE_FLUSH_SECONDS: '3600',
      AUTH_FAILURES_PER_MINUTE: '1000000',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
    });
    const post = (query: string, headers: Record<string, string>, variables = {}) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
    const login = await post(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { kind } }',
      {},
      { e: ADMIN_EMAIL, p: ADMIN_PASSWORD },
    );
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const created = (await (
      await post(
        'mutation { createApiKey(input: { scopes: ["api_keys:read"] }) { secret apiKey { id key } } }',
        { cookie },
      )
    ).json()) as {
      data: { createApiKey: { secret: string; apiKey: { id: string; key: string } } };
    };
    const key: CreatedKey = {
      ...created.data.createApiKey.apiKey,
      secret: created.data.createApiKey.secret,
    };

    const answered = { ok: 0, refused: 0 };
    // A request the server finished while shutting down may lose its answer on the way back:
    // it must be counted (nothing lost), so the stored total lies between answered and sent.
    const sent = { ok: 0, refused: 0 };
    let stopped = false;
    const worker = async (n: number) => {
      for (let i = 0; !stopped; i++) {
        const failing = (i + n) % 5 === 0;
        sent[failing ? 'refused' : 'ok']++;
        try {
          const res = await post(
            '{ viewer { kind } }',
            basic(key.key, failing ? wrongSecret() : key.secret),
          );
          const body = (await res.json()) as { data?: { viewer?: { kind: string } } };
          if (res.status === 200 && body.data?.viewer?.kind === 'API_KEY') answered.ok++;
          else if (res.status === 401) answered.refused++;
          else throw new Error(`unexpected answer ${res.status} ${JSON.stringify(body)}`);
        } catch (err) {
          // Once the server stops listening, connections are refused: traffic is over.
          if (err instanceof Error && err.message.startsWith('unexpected answer')) throw err;
          return;
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, n) => worker(n));
    while (answered.ok + answered.refused < 150) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    stopped = true;
    await Promise.all(workers);
    expect(answered.ok).toBeGreaterThan(100);
    expect(answered.refused).toBeGreaterThan(10);

    const reader = await TestApp.start({}, { databaseUrl });
    try {
      const res = await reader.admin<{ apiKey: KeyUsage }>(USAGE, { id: key.id });
      expectUsage(
        res.body.data!.apiKey.usage,
        startedAt,
        { successCount: answered.ok, failureCount: answered.refused },
        { successCount: sent.ok, failureCount: sent.refused },
      );
      expect(res.body.data!.apiKey.lastUsedIp).toBe('127.0.0.1');
    } finally {
      await reader.stop();
      rmSync(dirname(databaseUrl.slice('sqlite:'.length)), { recursive: true, force: true });
    }
  });
});
