import { ALL_SCOPES, basic, errorOf, TestApp, TestClock, usingMysql } from '../support/harness';

// Per-key rate limits (contract: "Per-key rate limits, and Redis for many replicas"), without
// Redis: counters in MySQL on the MariaDB pass, in memory on SQLite.
const VIEWER = '{ viewer { kind } }';
const KEY_FIELDS = 'id rateLimit { limit windowSeconds }';
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} key } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { ${KEY_FIELDS} } }`;
const VERIFY = `mutation($key: String!, $secret: String!) { verifyApiKey(key: $key, secret: $secret) { valid code } }`;

/** Asks as a limited key (every 50 ms, for up to 3 s) until it is not refused; that answer. */
async function windowEnd<T extends { status: number }>(send: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const answer = await send();
    if (answer.status !== 429 || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface CreatedWithLimit {
  createApiKey: {
    secret: string;
    apiKey: { id: string; key: string; rateLimit: { limit: number; windowSeconds: number } | null };
  };
}

describe(`per-key rate limits (${usingMysql ? 'MySQL' : 'memory'} counters)`, () => {
  let t: TestApp;
  // Real time plus what a test adds: the memory counters' windows end when the clock is moved.
  const clock = TestClock.running();
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_FAILURES_PER_MINUTE: '1000000' }, undefined, { clock });
  });
  afterAll(() => t?.stop());

  it.each([
    [{ limit: 0, windowSeconds: 60 }, 'rateLimit.limit'],
    [{ limit: 1_000_001, windowSeconds: 60 }, 'rateLimit.limit'],
    [{ limit: -5, windowSeconds: 60 }, 'rateLimit.limit'],
    [{ limit: 10, windowSeconds: 0 }, 'rateLimit.windowSeconds'],
    [{ limit: 10, windowSeconds: 86_401 }, 'rateLimit.windowSeconds'],
  ])('refuses %j on create and update with BAD_USER_INPUT on %s', async (rateLimit, field) => {
    const created = await t.admin(CREATE, { input: { rateLimit } });
    expect(created.status).toBe(200);
    expect(errorOf(created)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const key = await t.createKey();
    const updated = await t.admin(UPDATE, { id: key.id, input: { rateLimit } });
    expect(errorOf(updated)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const read = await t.admin<{ apiKey: { rateLimit: unknown } }>(
      'query($id: ID!) { apiKey(id: $id) { rateLimit { limit } } }',
      { id: key.id },
    );
    expect(read.body.data!.apiKey.rateLimit).toBeNull();
  });

  it('accepts the bounds, shows the limit, clears it with null and audits each change', async () => {
    const created = await t.admin<CreatedWithLimit>(CREATE, {
      input: { rateLimit: { limit: 1_000_000, windowSeconds: 86_400 } },
    });
    const { apiKey } = created.body.data!.createApiKey;
    expect(apiKey.rateLimit).toEqual({ limit: 1_000_000, windowSeconds: 86_400 });

    const changed = await t.admin<{ updateApiKey: { rateLimit: unknown } }>(UPDATE, {
      id: apiKey.id,
      input: { rateLimit: { limit: 1, windowSeconds: 1 } },
    });
    expect(changed.body.data!.updateApiKey.rateLimit).toEqual({ limit: 1, windowSeconds: 1 });
    const untouched = await t.admin<{ updateApiKey: { rateLimit: unknown } }>(UPDATE, {
      id: apiKey.id,
      input: { name: 'renamed' },
    });
    expect(untouched.body.data!.updateApiKey.rateLimit).toEqual({ limit: 1, windowSeconds: 1 });
    const cleared = await t.admin<{ updateApiKey: { rateLimit: unknown } }>(UPDATE, {
      id: apiKey.id,
      input: { rateLimit: null },
    });
    expect(cleared.body.data!.updateApiKey.rateLimit).toBeNull();

    const events = await t.admin<{
      auditEvents: { nodes: { action: string; details: string | null }[] };
    }>('query($id: ID) { auditEvents(apiKeyId: $id, first: 20) { nodes { action details } } }', {
      id: apiKey.id,
    });
    const details = events.body
      .data!.auditEvents.nodes.map((e) => ({
        action: e.action,
        details: JSON.parse(e.details ?? '{}'),
      }))
      .reverse();
    expect(details[0]).toMatchObject({
      action: 'api_key.created',
      details: { rateLimit: { limit: 1_000_000, windowSeconds: 86_400 } },
    });
    const rateChanges = details
      .filter((e) => e.action === 'api_key.updated' && e.details.changes?.rateLimit)
      .map((e) => e.details.changes.rateLimit);
    expect(rateChanges).toEqual([
      {
        from: { limit: 1_000_000, windowSeconds: 86_400 },
        to: { limit: 1, windowSeconds: 1 },
      },
      { from: { limit: 1, windowSeconds: 1 }, to: null },
    ]);
  });

  it('sends RateLimit-* headers on every answer to a limited key, none to others, and 429 past the limit', async () => {
    const limited = await t.createKey({
      scopes: ALL_SCOPES,
      rateLimit: { limit: 3, windowSeconds: 60 },
    });
    const seen: { status: number; remaining: string | null }[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.request(VIEWER, {}, { headers: basic(limited.key, limited.secret) });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      const reset = Number(res.headers.get('ratelimit-reset'));
      expect(reset).toBeGreaterThanOrEqual(1);
      expect(reset).toBeLessThanOrEqual(60);
      seen.push({ status: res.status, remaining: res.headers.get('ratelimit-remaining') });
    }
    expect(seen.map((s) => s.remaining)).toEqual(['2', '1', '0']);

    const refused = await t.request(VIEWER, {}, { headers: basic(limited.key, limited.secret) });
    expect(refused.status).toBe(429);
    expect(errorOf(refused)).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));

    const free = await t.createKey({ scopes: ALL_SCOPES });
    const unlimited = await t.request(VIEWER, {}, { headers: basic(free.key, free.secret) });
    expect(unlimited.status).toBe(200);
    expect(unlimited.headers.get('ratelimit-limit')).toBeNull();
    expect(unlimited.headers.get('ratelimit-remaining')).toBeNull();
  });

  it('a new limit applies at once, and the window resets', async () => {
    const key = await t.createKey({ scopes: ALL_SCOPES });
    expect((await t.request(VIEWER, {}, { headers: basic(key.key, key.secret) })).status).toBe(200);
    await t.admin(UPDATE, { id: key.id, input: { rateLimit: { limit: 1, windowSeconds: 1 } } });
    const first = await t.request(VIEWER, {}, { headers: basic(key.key, key.secret) });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('1');
    const second = await t.request(VIEWER, {}, { headers: basic(key.key, key.secret) });
    expect(second.status).toBe(429);
    const send = () => t.request(VIEWER, {}, { headers: basic(key.key, key.secret) });
    // Memory counters run on the clock: move it past the window. rate-limiter-flexible's MySQL
    // store keeps the window in real time: ask again until it has ended.
    clock.advance(1000);
    const afterWindow = usingMysql ? await windowEnd(send) : await send();
    expect(afterWindow.status).toBe(200);
  });

  it('counts atomically: 100 concurrent requests on a key limited to 50 let at most 50 through', async () => {
    const key = await t.createKey({
      scopes: ALL_SCOPES,
      rateLimit: { limit: 50, windowSeconds: 3600 },
    });
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        t.request(VIEWER, {}, { headers: basic(key.key, key.secret) }),
      ),
    );
    const passed = answers.filter((r) => r.status === 200).length;
    const refused = answers.filter(
      (r) => r.status === 429 && r.body.errors?.[0]?.extensions?.reason === 'RATE_LIMITED',
    ).length;
    expect(passed).toBeLessThanOrEqual(50);
    expect(passed).toBeGreaterThan(0);
    expect(passed + refused).toBe(100);
    // The store agrees: nothing is left to spend.
    expect((await t.request(VIEWER, {}, { headers: basic(key.key, key.secret) })).status).toBe(429);
  });

  it('verifyApiKey counts against the verified key and answers RATE_LIMITED past its limit', async () => {
    const verifier = await t.createKey({ scopes: ['api_keys:verify'] });
    const verified = await t.createKey({ rateLimit: { limit: 2, windowSeconds: 3600 } });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.request<{ verifyApiKey: { valid: boolean; code: string } }>(
        VERIFY,
        { key: verified.key, secret: verified.secret },
        { headers: basic(verifier.key, verifier.secret) },
      );
      expect(res.status).toBe(200);
      codes.push(res.body.data!.verifyApiKey.code);
    }
    expect(codes).toEqual(['VALID', 'VALID', 'RATE_LIMITED']);
    const last = await t.request<{ verifyApiKey: { valid: boolean } }>(
      VERIFY,
      { key: verified.key, secret: verified.secret },
      { headers: basic(verifier.key, verifier.secret) },
    );
    expect(last.body.data!.verifyApiKey.valid).toBe(false);
    // The verified key's own requests share that count.
    const own = await t.request(VIEWER, {}, { headers: basic(verified.key, verified.secret) });
    expect(own.status).toBe(429);
    expect(errorOf(own)).toMatchObject({ reason: 'RATE_LIMITED' });
  });
});
