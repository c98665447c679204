import { Redis } from 'ioredis';
import {
  ALL_SCOPES,
  basic,
  type CreatedKey,
  errorOf,
  type GqlResponse,
  TestApp,
  usingMysql,
} from '../support/harness';
import { OwnRedis, SHARED_REDIS_URL, waitForRedis } from '../support/redis';

// Redis (contract: "Per-key rate limits, and Redis for many replicas"). The outage test runs
// on every database with a redis-server of its own; the two-replica tests need a shared
// database (the MariaDB pass) and use the shared Redis (TEST_REDIS_URL, 127.0.0.1:6379): when
// it does not answer they fail, they never skip.
const VIEWER = '{ viewer { kind } }';

async function readyz(t: TestApp): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function fallbacks(t: TestApp): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('keyhold_redis_fallbacks_total '));
  return Number(line?.split(' ')[1] ?? NaN);
}

function viewerAs(t: TestApp, key: CreatedKey): Promise<GqlResponse> {
  return t.request(VIEWER, {}, { headers: basic(key.key, key.secret) });
}

async function counterKeys(url: string, keyId: string): Promise<string[]> {
  const client = new Redis(url, { lazyConnect: true });
  await client.connect();
  try {
    return await client.keys(`keyhold:key_rate_*${keyId}*`);
  } finally {
    client.disconnect();
  }
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a Redis outage never stops authentication (own redis-server)', () => {
  let redis: OwnRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await TestApp.start({ REDIS_URL: redis.url, AUTH_FAILURES_PER_MINUTE: '1000000' });
    await eventually(
      'redis up',
      () => readyz(t),
      (r) => r.body.redis === 'up',
    );
  });
  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  });

  it('counts in Redis, falls back to memory while it is away (readyz 200, redis down, metric), then uses it again', async () => {
    const key = await t.createKey({
      scopes: ALL_SCOPES,
      rateLimit: { limit: 1000, windowSeconds: 3600 },
    });
    const first = await viewerAs(t, key);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-remaining')).toBe('999');
    expect(await counterKeys(redis.url, key.id)).toHaveLength(1);
    expect(await readyz(t)).toEqual({ status: 200, body: { status: 'ready', redis: 'up' } });
    const before = await fallbacks(t);

    const pid = redis.pid;
    await redis.stop();
    expect(() => process.kill(pid!, 0)).toThrow();

    // Authentication keeps working on local counters; the limit still answers its headers.
    for (let i = 0; i < 3; i++) {
      const res = await viewerAs(t, key);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('1000');
    }
    const wrong = await t.request(
      VIEWER,
      {},
      { headers: basic(key.key, `${key.secret.slice(0, -1)}x`) },
    );
    expect(wrong.status).toBe(401);
    // Changes still reach the local cache (and the others through polling).
    const other = await t.createKey({ scopes: ALL_SCOPES });
    expect((await viewerAs(t, other)).status).toBe(200);
    await t.admin('mutation($id: ID!) { setApiKeyActive(id: $id, active: false) { active } }', {
      id: other.id,
    });
    expect(errorOf(await viewerAs(t, other))).toMatchObject({ reason: 'KEY_DISABLED' });

    expect(await readyz(t)).toEqual({ status: 200, body: { status: 'ready', redis: 'down' } });
    expect(await fallbacks(t)).toBeGreaterThan(before);

    // Back on the same port: used again without a restart of Keyhold.
    await redis.start();
    await eventually(
      'redis up again',
      () => readyz(t),
      (r) => r.body.redis === 'up',
    );
    expect(await counterKeys(redis.url, key.id)).toHaveLength(0);
    const after = await viewerAs(t, key);
    expect(after.status).toBe(200);
    // A fresh store: its count starts again in Redis.
    expect(after.headers.get('ratelimit-remaining')).toBe('999');
    expect(await counterKeys(redis.url, key.id)).toHaveLength(1);
  });
});

(usingMysql ? describe : describe.skip)(
  'two replicas on one MariaDB database with one Redis',
  () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      await waitForRedis(SHARED_REDIS_URL);
      // Polling at its slowest (2 s): a change seen within 200 ms came through Redis.
      const env = {
        REDIS_URL: SHARED_REDIS_URL,
        AUTH_FAILURES_PER_MINUTE: '1000000',
        KEY_CHANGE_POLL_MS: '2000',
      };
      a = await TestApp.start(env);
      b = await TestApp.start(env, { databaseUrl: a.databaseUrl });
      for (const replica of [a, b])
        await eventually(
          'redis up',
          () => readyz(replica),
          (r) => r.body.redis === 'up',
        );
    });
    afterAll(async () => {
      await b?.stop();
      await a?.stop();
    });

    it('a limit of 20 per minute across 40 alternating requests lets 20 through', async () => {
      const key = await a.createKey({
        scopes: ALL_SCOPES,
        rateLimit: { limit: 20, windowSeconds: 60 },
      });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await viewerAs(i % 2 ? b : a, key)).status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(20);
      expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    });

    it('concurrently on both replicas: 100 requests on a key limited to 50 let at most 50 through', async () => {
      const key = await a.createKey({
        scopes: ALL_SCOPES,
        rateLimit: { limit: 50, windowSeconds: 3600 },
      });
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => viewerAs(i % 2 ? b : a, key)),
      );
      const passed = answers.filter((r) => r.status === 200).length;
      expect(passed).toBeLessThanOrEqual(50);
      expect(passed).toBeGreaterThan(0);
      expect(answers.filter((r) => r.status === 429)).toHaveLength(100 - passed);
    });

    it('a disable on one replica is refused by the other within 200 ms', async () => {
      const key = await a.createKey({ scopes: ALL_SCOPES });
      for (const replica of [a, b]) expect((await viewerAs(replica, key)).status).toBe(200);
      const res = await a.admin(
        'mutation($id: ID!) { setApiKeyActive(id: $id, active: false) { active } }',
        { id: key.id },
      );
      expect(res.body.data).toEqual({ setApiKeyActive: { active: false } });
      const since = Date.now();
      let elapsed = 0;
      for (;;) {
        const answer = await viewerAs(b, key);
        elapsed = Date.now() - since;
        if (answer.status === 401) {
          expect(errorOf(answer)).toMatchObject({ reason: 'KEY_DISABLED' });
          break;
        }
        if (elapsed > 2500) throw new Error(`still ${answer.status} after ${elapsed} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      console.log(`disable seen by the other replica after ${elapsed} ms`);
      expect(elapsed).toBeLessThanOrEqual(200);
    });
  },
);
